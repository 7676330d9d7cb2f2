// Starts adapter processes (test/fixtures/qa-process.ts) for the several-processes tests,
// each configured by its environment, and stops them.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { request as httpRequestRaw } from 'node:http';

export interface QaProcess {
  url: string;
  port: number;
  /** The process ids serving (the workers, with QA_PROCESSES). */
  pids: number[];
  child: ChildProcess;
  stop(): Promise<void>;
}

const script = join(import.meta.dirname, '..', 'fixtures', 'qa-process.ts');

/** Starts one adapter process (or a cluster, with `QA_PROCESSES` in `env`) and waits for it to listen. */
export function startQaProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<QaProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the adapter process did not start in ${timeoutMs} ms: ${stderr}`)); }, timeoutMs);
    child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`the adapter process stopped (exit ${code ?? signal}): ${stderr}`)); });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      const info = JSON.parse(line.slice(6)) as { url: string; port: number; pids: number[] };
      resolve({
        ...info,
        child,
        stop: () => new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
        }),
      });
    });
  });
}

/**
 * One HTTP request on a connection of its own (no keep-alive), so a test never sends a
 * request on a socket the server is just closing as idle (a race a busy machine makes
 * likely, which a client would retry: this test must not, as a save is not idempotent).
 */
export function httpRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequestRaw(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}
