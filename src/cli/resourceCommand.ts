import { parseArgs } from 'node:util';
import type { GoCardlessClient } from '../core/api';
import { apiCall, stopController } from './apiCall';
import {
  CONNECTION_OPTIONS, CONNECTION_USAGE, CREDENTIAL_OPTIONS, CREDENTIAL_USAGE, openClient, requireYesOnLive, resolveConnection,
} from './apiConnection';
import { CliError, type CliCommand, type CliIO } from './CliCommand';

type StringOrBoolean = { type: 'string' } | { type: 'boolean'; default?: boolean };

export interface ActionContext {
  readonly client: GoCardlessClient;
  readonly io: CliIO;
  /** The parsed flags of the action (its own and the connection's). */
  readonly values: Record<string, string | boolean | undefined>;
  /** The ID positional, for actions that take one. */
  readonly id: string;
  /** Aborted on Ctrl-C; reads pass it on. */
  readonly signal: AbortSignal;
  /** "bills list", for messages. */
  readonly name: string;
}

/** One action of a resource command, e.g. `bills refund ID`. */
export interface ResourceAction {
  /** The synopsis after `gcdev <resource> <action>`, e.g. "ID" or "[filters] [--page N]". */
  readonly synopsis: string;
  readonly summary: string;
  readonly options?: Readonly<Record<string, StringOrBoolean>>;
  readonly takesId?: boolean;
  /** Changes money or a resource: refused on live without --yes. */
  readonly changes?: boolean;
  run(ctx: ActionContext): Promise<number>;
}

export interface ResourceCommandSpec {
  readonly name: string;
  readonly summary: string;
  /** What the spec says about the resource, a line or two, for --help. */
  readonly about: string;
  readonly actions: Readonly<Record<string, ResourceAction>>;
  /** Extra --help text (the flags of the actions). */
  readonly flagsUsage?: string;
}

/**
 * `gcdev <resource> <action> [ID] [flags]` over the core client: the connection and credentials
 * come from flags or the environment, changes on live need --yes, every answer is the API's JSON.
 */
export function resourceCommand(spec: ResourceCommandSpec): CliCommand {
  const actionNames = Object.keys(spec.actions);
  const usage = `gcdev ${spec.name} ${actionNames.join('|')} [options]

${spec.about}

${Object.entries(spec.actions).map(([action, a]) => synopsisLine(`gcdev ${spec.name} ${action} ${a.synopsis}`, a.summary)).join('\n')}
${spec.flagsUsage === undefined ? '' : `\n${spec.flagsUsage}\n`}
${CONNECTION_USAGE}
${CREDENTIAL_USAGE}

Prints the API's JSON on stdout. Exit status: 0 on success, 1 when the API refuses
(its message on stderr) or cannot be reached, 2 for bad options.
`;
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    async run(args, io) {
      const [actionName, ...rest] = args;
      const action = actionName === undefined ? undefined : Object.hasOwn(spec.actions, actionName) ? spec.actions[actionName] : undefined;
      if (action === undefined) {
        throw new CliError(`give an action: ${actionNames.join(', ')}${actionName === undefined ? '' : ` (got "${actionName}")`}`);
      }
      const name = `${spec.name} ${actionName!}`;
      const { values, positionals } = parseArgs({
        args: rest, strict: true, allowPositionals: true,
        options: { ...CONNECTION_OPTIONS, ...CREDENTIAL_OPTIONS, ...action.options },
      });
      const expected = action.takesId === true ? 1 : 0;
      if (positionals.length !== expected) {
        throw new CliError(expected === 1
          ? `give exactly one ${spec.name} ID: gcdev ${name} ID${positionals.length > 1 ? ` (got ${positionals.length})` : ''}`
          : `unexpected argument "${positionals[0]!}" (see gcdev ${spec.name} --help)`);
      }
      const connection = resolveConnection(values, io);
      if (action.changes === true) requireYesOnLive(connection, values, `gcdev ${name}`);
      const client = openClient(connection, values, io);
      const controller = stopController(io);
      try {
        return await apiCall(io, name, () => action.run({ client, io, values, id: positionals[0] ?? '', signal: controller.signal, name }));
      } finally {
        await client.close();
      }
    },
  };
}

/** "  gcdev bills get ID      one bill", the summary on a line of its own after a long synopsis. */
function synopsisLine(synopsis: string, summary: string): string {
  const column = 56;
  return synopsis.length + 2 < column ? `  ${synopsis}`.padEnd(column) + summary : `  ${synopsis}\n${' '.repeat(column)}${summary}`;
}
