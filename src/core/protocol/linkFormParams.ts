import { CONNECT_RESOURCE_TYPES, type ConnectResourceType } from '../api/models';
import { isRecord } from './guards';
import { LINK_FORM_FIELDS, LINK_FORM_FIELDS_BY_TYPE, type LinkForm, type LinkFormField, type LinkIssue } from './linkBuilderProtocol';

/**
 * The form's flat string fields ↔ the nested parameters of a Connect link.
 * Pure, so the webview (inline validation) and the host (signing) read the
 * form the same way.
 */

export interface LinkFormParams {
  resourceType: ConnectResourceType;
  /** The resource's params (merchant_id included), as typed; validation decides whether they are good. */
  resource: Record<string, unknown>;
  redirect_uri?: string;
  cancel_uri?: string;
  state?: string;
}

const TOP_LEVEL = new Set<string>(['redirect_uri', 'cancel_uri', 'state']);

export function linkFormToParams(form: LinkForm, merchantId: string): LinkFormParams {
  const allowed = new Set<string>(LINK_FORM_FIELDS_BY_TYPE[form.resourceType]);
  const resource: Record<string, unknown> = { merchant_id: merchantId };
  const user: Record<string, string> = {};
  const out: LinkFormParams = { resourceType: form.resourceType, resource };
  for (const field of LINK_FORM_FIELDS) {
    const raw = form.fields[field];
    // Fields of another resource type stay in the form (switching type back restores them) but never reach the link.
    if (raw === undefined || !allowed.has(field)) continue;
    const value = raw.trim();
    if (value === '') continue;
    if (TOP_LEVEL.has(field)) {
      out[field as 'redirect_uri' | 'cancel_uri' | 'state'] = value;
    } else if (field.startsWith('user[')) {
      user[field.slice(5, -1)] = value;
    } else if (field === 'calendar_intervals') {
      resource[field] = value === 'true' ? true : value === 'false' ? false : value;
    } else {
      resource[field] = value;
    }
  }
  if (Object.keys(user).length > 0) resource['user'] = user;
  return out;
}

/** `subscription[user][country_code]` (a validation issue's field) → the form's `user[country_code]`. */
export function formFieldOfIssue(issue: Pick<LinkIssue, 'field'>, resourceType: ConnectResourceType): LinkFormField | undefined {
  let name = issue.field;
  const prefix = `${resourceType}[`;
  if (name.startsWith(prefix)) {
    const close = name.indexOf(']', prefix.length);
    name = name.slice(prefix.length, close) + name.slice(close + 1);
  }
  return (LINK_FORM_FIELDS as readonly string[]).includes(name) ? (name as LinkFormField) : undefined;
}

/**
 * A form from a JSON selection in an editor: the spec's examples
 * (`{"subscription": {"amount": "50.00", …, "user": {…}}}`), optionally with
 * redirect_uri/cancel_uri/state beside the resource, or the resource's params
 * alone (then `fallbackType`). Unknown keys are reported, not silently dropped.
 */
export function linkFormFromJson(value: unknown, fallbackType: ConnectResourceType = 'bill'): { form: LinkForm; ignored: string[] } | string {
  if (!isRecord(value)) return 'The selection is not a JSON object.';
  const typeKey = CONNECT_RESOURCE_TYPES.find((t) => isRecord(value[t]));
  const resourceType = typeKey ?? fallbackType;
  const resource = typeKey ? (value[typeKey] as Record<string, unknown>) : value;
  const fields: Partial<Record<LinkFormField, string>> = {};
  const ignored: string[] = [];
  const put = (field: string, v: unknown): void => {
    if ((LINK_FORM_FIELDS as readonly string[]).includes(field) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
      fields[field as LinkFormField] = String(v);
    } else if (field !== 'merchant_id') {
      ignored.push(field);
    }
  };
  for (const [k, v] of Object.entries(resource)) {
    if (k === 'user' && isRecord(v)) for (const [uk, uv] of Object.entries(v)) put(`user[${uk}]`, uv);
    else put(k, v);
  }
  if (typeKey) {
    for (const [k, v] of Object.entries(value)) if (k !== typeKey) put(k, v);
  }
  return { form: { resourceType, fields }, ignored };
}
