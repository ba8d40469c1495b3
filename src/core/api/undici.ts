/**
 * The one door to undici for all of core. undici is required the first time a request is made,
 * not when a module imports this one: the extension's bundle keeps undici in its own file
 * (dist/vendor/undici.js, ~520 KB minified, which esbuild cannot tree-shake because it is
 * CommonJS), so activation parses none of it. Import Pool, Agent and request from here, and
 * only types from 'undici'.
 */
import type * as Undici from 'undici';

function undici(): typeof Undici {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred require is the point of this file
  return require('undici') as typeof Undici;
}

/** A connection pool to one origin (undici's Pool). */
export function createPool(origin: string, options?: Undici.Pool.Options): Undici.Dispatcher {
  return new (undici().Pool)(origin, options);
}

/** A dispatcher over many origins (undici's Agent). */
export function createAgent(options?: Undici.Agent.Options): Undici.Dispatcher {
  return new (undici().Agent)(options);
}

export type Dispatcher = Undici.Dispatcher;
export type ResponseData = Undici.Dispatcher.ResponseData;

let sharedAgent: Undici.Dispatcher | undefined;

/** A keep-alive Agent shared by one-off requests that were given no dispatcher. */
export function defaultDispatcher(): Undici.Dispatcher {
  sharedAgent ??= createAgent();
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
