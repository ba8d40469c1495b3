/** `pre_authorizations` → `pre-authorizations`: a resource type's gcdev command is its API path in kebab case. */
export function resourceCommandName(path: string): string {
  return path.replace(/_/g, '-');
}
