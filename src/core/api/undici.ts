/**
 * The parts of undici that core uses, loaded from their own modules. `import { … } from 'undici'`
 * pulls in all of undici when bundled (fetch, WebSocket, cache, mocks: ~535 KB minified, because
 * esbuild cannot tree-shake CommonJS); the dispatchers alone are about half of that. Import
 * Pool, Agent and request from here, and only types from 'undici'.
 */
import type * as Undici from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports -- subpath requires are the point of this file; undici has no "exports" map, so they resolve everywhere */
export const Pool = require('undici/lib/dispatcher/pool.js') as typeof Undici.Pool;
export const Agent = require('undici/lib/dispatcher/agent.js') as typeof Undici.Agent;
/* eslint-enable @typescript-eslint/no-require-imports */

export type Dispatcher = Undici.Dispatcher;

let sharedAgent: Undici.Dispatcher | undefined;

/** A keep-alive Agent shared by one-off requests that were given no dispatcher. */
export function defaultDispatcher(): Undici.Dispatcher {
  sharedAgent ??= new Agent();
  return sharedAgent;
}

export type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {
  method?: Undici.Dispatcher.HttpMethod;
  dispatcher?: Undici.Dispatcher;
};

/** undici's `request(url, options)`, over the given dispatcher or a shared keep-alive Agent. */
export function request(url: string | URL, options: RequestOptions = {}): Promise<Undici.Dispatcher.ResponseData> {
  const target = typeof url === 'string' ? new URL(url) : url;
  const { dispatcher, method, ...rest } = options;
  return (dispatcher ?? defaultDispatcher()).request({
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: method ?? 'GET',
  });
}
