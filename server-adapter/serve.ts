/**
 * `serveQa`: the adapter as its own Node server, for hosts whose server is not
 * Node (run it beside theirs, behind the same reverse proxy).
 *
 * It can run as several processes on one machine (`processes`, with Node's cluster:
 * the processes share the port) and as several machines behind a load balancer, as
 * long as every process uses the same database: PostgreSQL (`QA_DATABASE_URL`), or a
 * storage of the host's own that says it may be shared. See docs/storage.md.
 */
import type { ServerType } from '@hono/node-server';
import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { jwtAuth, type QaAuth } from './auth.js';
import { buildQaApp } from './app.js';
import type { QaAppOptions } from './operation.js';
import type { QaStorage } from './storage/types.js';

export interface ServeQaOptions extends Partial<Omit<QaAppOptions, 'storage' | 'auth'>> {
  /**
   * The storage, or a function that opens it (called once in every process that serves;
   * use a function with `processes` so the primary process opens no database).
   * Default: from `databaseUrl`, else SQLite in `sqliteFile`.
   */
  storage?: QaStorage | (() => QaStorage | Promise<QaStorage>);
  /** Default: `jwtAuth` with `jwtSecret`. */
  auth?: QaAuth;
  /** Default: `QA_JWT_SECRET`. Required unless `auth` is given. */
  jwtSecret?: string;
  /**
   * Where the data lives, when `storage` is not given. Default: `QA_DATABASE_URL`.
   * `postgres://…` (or `postgresql://…`): PostgreSQL (needs the `pg` package);
   * `sqlite:<file>`: an SQLite file. Absent: SQLite in `sqliteFile`.
   */
  databaseUrl?: string;
  /** The PostgreSQL schema the tables live in. Default: `QA_DATABASE_SCHEMA`, else the storage's default. */
  databaseSchema?: string;
  /** Default: `QA_SQLITE_FILE`, else `ehcp-qa.sqlite` in the working directory. */
  sqliteFile?: string;
  /** Default: `PORT`, else 8787. 0 picks a free port (shared by every process). */
  port?: number;
  /** Default: `HOST`, else 127.0.0.1 (put a reverse proxy in front). */
  hostname?: string;
  /** Path the API is served under. Default: `QA_BASE_PATH`, else `/qa`. */
  basePath?: string;
  /**
   * How many processes serve the port (Node's cluster: this script is run again in each,
   * and requests are shared out between them). Default: `QA_PROCESSES`, else 1.
   * More than 1 needs a database every process can share (PostgreSQL, not SQLite).
   */
  processes?: number;
}

export interface RunningQa {
  server: ServerType | null;
  port: number;
  url: string;
  /** The process ids serving requests: this one, or the cluster's workers. */
  pids: number[];
  /** Stops the server (every worker, with `processes`) and closes the storage it opened. */
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
 *
 * @example
 * // Four processes on one PostgreSQL database:
 * // QA_JWT_SECRET=… QA_DATABASE_URL=postgres://qa@db/qa QA_PROCESSES=4 node server.js
 * const qa = await serveQa(); // in the primary: resolves once all four listen
 */
export async function serveQa(options: ServeQaOptions = {}): Promise<RunningQa> {
  const env = process.env;
  const secret = options.jwtSecret ?? env.QA_JWT_SECRET;
  if (!options.auth && !secret) throw new Error('serveQa needs QA_JWT_SECRET (or options.jwtSecret, or options.auth)');
  const portText = options.port ?? env.PORT ?? 8787;
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT "${portText}" is not a port number`);
  const hostname = options.hostname ?? env.HOST ?? '127.0.0.1';
  const basePath = (options.basePath ?? env.QA_BASE_PATH ?? '/qa').replace(/\/$/, '');
  const processesText = options.processes ?? env.QA_PROCESSES ?? 1;
  const processes = Number(processesText);
  if (!Number.isInteger(processes) || processes < 1 || processes > 256) throw new Error(`QA_PROCESSES "${processesText}" is not a number of processes (1–256)`);
  const databaseUrl = options.databaseUrl ?? env.QA_DATABASE_URL ?? '';
  const url = (p: number) => `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${p}${basePath}`;

  if (processes > 1 && !options.storage && !isPostgresUrl(databaseUrl)) {
    throw new Error(
      `serveQa with ${processes} processes needs a database they can all share: set QA_DATABASE_URL to a PostgreSQL database (postgres://…), ` +
        'or pass a storage built for it. An SQLite file belongs to one process.',
    );
  }
  if (processes > 1 && cluster.isPrimary) return startCluster(processes, url);

  const auth = options.auth ?? jwtAuth({ secret: secret! });
  // Loaded only when used: @hono/node-server, sqlite3 and pg are optional peer dependencies.
  const { serve } = await importPeer<typeof import('@hono/node-server')>('@hono/node-server', () => import('@hono/node-server'));
  const ownsStorage = typeof options.storage !== 'object';
  const storage = typeof options.storage === 'function' ? await options.storage() : (options.storage ?? (await openStorage(databaseUrl, options)));
  if (processes > 1 && (storage as { ownsWrites?: boolean }).ownsWrites === true) {
    if (ownsStorage) await storage.close();
    throw new Error('serveQa with several processes: this storage says one process owns its writes (ownsWrites), so the processes could serve stale data; use a shared database');
  }

  const { jwtSecret: _s, sqliteFile: _f, port: _p, hostname: _h, basePath: _b, databaseUrl: _d, databaseSchema: _ds, processes: _n, ...appOptions } = options;
  // Served by its own fetch, routes under the base path: Hono's `route()` would wrap each handler a second time.
  const app = buildQaApp({ ...appOptions, storage, auth }, basePath);

  let server: ServerType;
  try {
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s));
      s.once('error', reject);
    });
  } catch (error) {
    if (ownsStorage) await storage.close();
    throw error;
  }
  const actualPort = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await new Promise<void>((resolve, reject) =>
        // Already closed when a cluster worker is disconnected: that is not an error.
        server.close((err) => (err && (err as { code?: string }).code !== 'ERR_SERVER_NOT_RUNNING' ? reject(err) : resolve())));
      if (ownsStorage) await storage.close();
    })());
  if (cluster.isWorker) {
    // The primary asks a worker to stop by disconnecting it: finish the requests in hand, close the pool, leave.
    cluster.worker!.once('disconnect', () => void close().finally(() => process.exit(0)));
  }
  return { server, port: actualPort, url: url(actualPort), pids: [process.pid], close };
}

const isPostgresUrl = (u: string) => /^postgres(ql)?:\/\//i.test(u);

/** The storage named by a database URL (or the SQLite file when there is none). */
async function openStorage(databaseUrl: string, options: ServeQaOptions): Promise<QaStorage> {
  if (isPostgresUrl(databaseUrl)) {
    const { createPostgresStorage } = await importPeer('pg', () => import('./storage/postgres/index.js'));
    const schema = options.databaseSchema ?? process.env.QA_DATABASE_SCHEMA;
    return createPostgresStorage({ connectionString: databaseUrl, ...(schema ? { schema } : {}) });
  }
  let filename = options.sqliteFile ?? process.env.QA_SQLITE_FILE ?? 'ehcp-qa.sqlite';
  if (databaseUrl) {
    if (!databaseUrl.startsWith('sqlite:')) throw new Error('QA_DATABASE_URL must start with postgres://, postgresql:// or sqlite:');
    filename = databaseUrl.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!filename) throw new Error('QA_DATABASE_URL "sqlite:" needs a file name, for example sqlite:/var/lib/qa/qa.sqlite');
  }
  const { createSqliteStorage } = await importPeer('sqlite3', () => import('./storage/sqlite/index.js'));
  return createSqliteStorage({ filename });
}

/**
 * The primary process of a cluster: forks the workers (each runs this script again and
 * listens on the shared port), replaces one that dies unexpectedly, and stops them all on close.
 */
async function startCluster(processes: number, url: (port: number) => string): Promise<RunningQa> {
  const workers = new Set<Worker>();
  let stopping = false;
  let listeningPort = -1;
  const fork = () =>
    new Promise<Worker>((resolve, reject) => {
      const worker = cluster.fork();
      workers.add(worker);
      const onExit = (code: number | null, signal: string | null) => {
        workers.delete(worker);
        reject(new Error(`an adapter process stopped before it was listening (exit ${code ?? signal})`));
      };
      worker.once('exit', onExit);
      worker.once('listening', (address) => {
        worker.off('exit', onExit);
        listeningPort = address.port;
        worker.once('exit', (code, signal) => {
          workers.delete(worker);
          if (stopping) return;
          console.error(`ehcp-qa: adapter process ${worker.process.pid} stopped (exit ${code ?? signal}); starting another`);
          fork().catch((error: Error) => console.error(`ehcp-qa: could not replace it: ${error.message}`));
        });
        resolve(worker);
      });
    });
  const stopAll = async () => {
    stopping = true;
    await Promise.all([...workers].map((w) =>
      new Promise<void>((resolve) => {
        if (w.isDead()) return resolve();
        w.once('exit', () => resolve());
        w.disconnect();
        // A worker still busy after 10 s is stopped.
        setTimeout(() => { if (!w.isDead()) w.process.kill('SIGKILL'); }, 10_000).unref();
      })));
  };
  try {
    await Promise.all(Array.from({ length: processes }, fork));
  } catch (error) {
    await stopAll();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    server: null,
    port: listeningPort,
    url: url(listeningPort),
    get pids() { return [...workers].map((w) => w.process.pid!).filter((p) => p !== undefined); },
    close: () => (closing ??= stopAll()),
  };
}

/** Imports an optional peer dependency, saying what to install when it is missing. */
async function importPeer<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes(`'${name}'`)) {
      throw new Error(`serveQa needs the "${name}" package, which is not installed: npm install ${name}`, { cause: error });
    }
    throw error;
  }
}
