/**
 * `serveQa`: the adapter as its own Node server, for hosts whose server is not
 * Node (run it beside theirs, behind the same reverse proxy).
 */
import type { ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { jwtAuth, type QaAuth } from './auth.js';
import { createQaApp } from './app.js';
import type { QaAppOptions } from './operation.js';
import type { QaStorage } from './storage/types.js';

export interface ServeQaOptions extends Partial<Omit<QaAppOptions, 'storage' | 'auth'>> {
  /** Default: SQLite in `sqliteFile`. */
  storage?: QaStorage;
  /** Default: `jwtAuth` with `jwtSecret`. */
  auth?: QaAuth;
  /** Default: `QA_JWT_SECRET`. Required unless `auth` is given. */
  jwtSecret?: string;
  /** Default: `QA_SQLITE_FILE`, else `ehcp-qa.sqlite` in the working directory. */
  sqliteFile?: string;
  /** Default: `PORT`, else 8787. 0 picks a free port. */
  port?: number;
  /** Default: `HOST`, else 127.0.0.1 (put a reverse proxy in front). */
  hostname?: string;
  /** Path the API is served under. Default: `QA_BASE_PATH`, else `/qa`. */
  basePath?: string;
}

export interface RunningQa {
  server: ServerType;
  port: number;
  url: string;
  /** Stops the server and closes the storage it opened. */
  close(): Promise<void>;
}

/**
 * Starts the adapter on its own port.
 *
 * @example
 * // QA_JWT_SECRET=… PORT=8787 node server.js
 * import { serveQa } from 'ehcp-qa/server';
 * const qa = await serveQa();
 * console.log(`QA API on ${qa.url}`);
 */
export async function serveQa(options: ServeQaOptions = {}): Promise<RunningQa> {
  const env = process.env;
  const secret = options.jwtSecret ?? env.QA_JWT_SECRET;
  if (!options.auth && !secret) throw new Error('serveQa needs QA_JWT_SECRET (or options.jwtSecret, or options.auth)');
  const auth = options.auth ?? jwtAuth({ secret: secret! });
  const ownsStorage = !options.storage;
  // Loaded only when used: @hono/node-server and sqlite3 are optional peer dependencies.
  const { serve } = await importPeer<typeof import('@hono/node-server')>('@hono/node-server', () => import('@hono/node-server'));
  const storage = options.storage ?? (await (await import('./storage/sqlite/index.js')).createSqliteStorage({ filename: options.sqliteFile ?? env.QA_SQLITE_FILE ?? 'ehcp-qa.sqlite' }));
  const portText = options.port ?? env.PORT ?? 8787;
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT "${portText}" is not a port number`);
  const hostname = options.hostname ?? env.HOST ?? '127.0.0.1';
  const basePath = (options.basePath ?? env.QA_BASE_PATH ?? '/qa').replace(/\/$/, '');

  const { jwtSecret: _s, sqliteFile: _f, port: _p, hostname: _h, basePath: _b, ...appOptions } = options;
  const root = new Hono();
  root.route(basePath || '/', createQaApp({ ...appOptions, storage, auth }));

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: root.fetch, port, hostname }, () => resolve(s));
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    server,
    port: actualPort,
    url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${actualPort}${basePath}`,
    close: async () => {
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      if (ownsStorage) await storage.close();
    },
  };
}

/** Imports an optional peer dependency, saying what to install when it is missing. */
async function importPeer<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(`serveQa needs the "${name}" package, which is not installed: npm install ${name}`, { cause: error });
    }
    throw error;
  }
}
