// kill -9 of the server during writes (CRASH_ROUNDS times, default 20): the adapter runs
// in a child process over one SQLite file; eight clients create and grade audits as fast
// as they can; the process is killed at a random moment. After each crash, every write
// the server had acknowledged is in the file, the file passes SQLite's integrity check,
// and the audit trail's chain still verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { signQaToken, verifyAuditTrail } from 'ehcp-qa/server';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
import { goodCriteria, newAudit, SECRET } from '../server-adapter/helpers.js';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const SECTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'];

async function start(file: string): Promise<{ port: number; kill: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(import.meta.dirname, 'crash-server.ts'), file, SECRET], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/PORT (\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    port,
    kill: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }),
  };
}

test(`kill -9 during writes, ${ROUNDS} times: every acknowledged write survives, the file is sound, the trail verifies`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-crash-'));
  const file = join(dir, 'qa.sqlite');
  const tenant = `la-crash-${randomUUID().slice(0, 8)}`;
  const token = await signQaToken({ sub: 'aud-crash', tenant, roles: ['auditor'] }, SECRET);
  const acknowledged = new Map<string, number>(); // audit id → highest version the server answered 2xx for
  let writes = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const server = await start(file);
      const base = `http://127.0.0.1:${server.port}/qa`;
      let stop = false;
      const client = async () => {
        while (!stop) {
          try {
            const created = await fetch(`${base}/audits`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(newAudit()) });
            if (created.status !== 201) continue;
            const audit = (await created.json()) as { id: string; version: number };
            acknowledged.set(audit.id, 1);
            writes++;
            let version = audit.version;
            for (const s of SECTIONS) {
              if (stop) break;
              const res = await fetch(`${base}/audits/${audit.id}/sections/${s}`, {
                method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': `"${version}"` },
                body: JSON.stringify({ criteriaMet: goodCriteria(s), grade: 'good' }),
              });
              if (res.status !== 200) break;
              version = ((await res.json()) as { version: number }).version;
              acknowledged.set(audit.id, version);
              writes++;
            }
          } catch {
            return; // the server is gone
          }
        }
      };
      const clients = Array.from({ length: 8 }, client);
      await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 350)));
      await server.kill();
      stop = true;
      await Promise.all(clients);

      const storage = await createSqliteStorage({ filename: file });
      try {
        const check = await storage.db.all<{ integrity_check: string }>('PRAGMA integrity_check');
        assert.deepEqual(check.map((r) => r.integrity_check), ['ok'], `round ${round}: integrity`);
        for (const [id, version] of acknowledged) {
          const audit = await storage.getAudit(tenant, id);
          assert.ok(audit, `round ${round}: acknowledged audit ${id} is missing`);
          assert.ok(audit.version >= version, `round ${round}: audit ${id} is at version ${audit.version}, ${version} was acknowledged`);
        }
        const verified = await verifyAuditTrail(storage, tenant);
        assert.equal(verified.ok, true, `round ${round}: ${JSON.stringify(verified.firstBroken)}`);
        assert.ok(verified.entries >= writes, `round ${round}: ${verified.entries} trail entries for ${writes} acknowledged writes`);
      } finally {
        await storage.close();
      }
    }
    assert.ok(writes > ROUNDS, `${writes} acknowledged writes in ${ROUNDS} rounds`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
