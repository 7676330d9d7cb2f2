// The SQLite storage's compare-and-swap of a save, in its fast forms: an UPDATE that sets only the
// columns whose value changes (the others compared in its WHERE), and, in a group commit, one UPDATE
// for the whole group's saves. Each must give exactly what the full UPDATE gave: one winner per
// version, exact 412s, rows equal to the saves that won, and report counters equal to a recount
// from the source tables after any mix of saves, completions, reopenings, plan changes, deletions
// and a reopened file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStorage, type SqliteStorage } from 'ehcp-qa/storage/sqlite';
import type { Audit, SectionRecord } from '../../server-adapter/storage/types.js';
import { assertCountersEqualRecount } from './report-recount.js';

const tenant = 'la-cas';
const GRADES = ['outstanding', 'good', 'requires-improvement', 'inadequate', 'na', null] as const;
const SECTIONS = ['A', 'B', 'C', 'D'];

/** A small deterministic random source, so a failure can be replayed. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const section = (grade: string | null, at = '2026-01-01T00:00:00.000Z'): SectionRecord =>
  ({ criteriaMet: [], grade, suggestedGrade: 'good', overrideReason: null, comment: null, savedAt: at });

function newAudit(id: string, cycleId: string | null): Audit {
  return {
    id, frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: `PLAN-${id}`, cycleId, auditorId: 'aud-1', auditorRole: 'health',
    plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, status: 'in-progress', version: 1,
    sections: { A: section('good'), B: section(null) }, overall: null,
    startedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', completedAt: null, activeSeconds: 0, reopenings: [],
  };
}

async function withStorage(fn: (storage: SqliteStorage, reopen: () => Promise<SqliteStorage>) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-cas-'));
  const file = join(dir, 'qa.sqlite');
  let storage = await createSqliteStorage({ filename: file });
  try {
    await fn(storage, async () => {
      await storage.close();
      storage = await createSqliteStorage({ filename: file });
      return storage;
    });
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Counts the statements of each kind the storage runs on its writer (sqlite3's trace event). */
function countStatements(storage: SqliteStorage) {
  const counts = { batched: 0, narrow: 0, full: 0 };
  storage.db.raw.on('trace', (sql: string) => {
    if (/^\s*WITH v\(v_tenant/.test(sql)) counts.batched++;
    else if (/^\s*UPDATE audits SET framework_id = /.test(sql)) counts.full++;
    else if (/^\s*UPDATE audits SET /.test(sql)) counts.narrow++;
  });
  return counts;
}


/** Every audit as stored equals the one the storage last acknowledged for it. */
async function assertStoredEqualsAcknowledged(s: SqliteStorage, acknowledged: Map<string, Audit>, what: string) {
  for (const [id, audit] of acknowledged) {
    const stored = await s.getAudit(tenant, id);
    assert.deepEqual(stored, audit, `${what}: ${id}`);
  }
}

test('saves in groups: one winner per version, exact 412s, the rows as acknowledged, every group on the one-statement compare-and-swap', async () => {
  await withStorage(async (s) => {
    const counts = countStatements(s);
    const ids = Array.from({ length: 20 }, (_, i) => `cas-${String(i).padStart(2, '0')}`);
    const current = new Map<string, Audit>();
    for (const id of ids) current.set(id, await s.createAudit(tenant, newAudit(id, null)));
    for (let round = 0; round < 6; round++) {
      // Odd rounds: three saves of each audit from the same version, all in one group. Even rounds: one each.
      const racers = round % 2 === 1 ? 3 : 1;
      const outcomes = await Promise.all(ids.flatMap((id) => Array.from({ length: racers }, async (_, r) => {
        const base = current.get(id)!;
        const next: Audit = { ...base, version: base.version + 1, activeSeconds: base.activeSeconds + 10 + r, updatedAt: `2026-02-0${1 + r}T00:00:00.000Z`,
          sections: { ...base.sections, C: section(GRADES[(round + r) % 4]!, `2026-02-0${1 + r}T00:00:00.000Z`) } };
        const result = await s.writeBatch(tenant, { updateAudits: [{ next, expectedVersion: base.version, changedSections: ['C'] }] });
        return { id, expected: base.version, result, next };
      })));
      for (const id of ids) {
        const mine = outcomes.filter((o) => o.id === id);
        const winners = mine.filter((o) => o.result.ok);
        assert.equal(winners.length, 1, `round ${round}: ${id} has exactly one winner`);
        const won = winners[0]!;
        assert.ok(won.result.ok);
        assert.equal(won.result.updatedAudits[0]!.version, won.expected + 1);
        for (const lost of mine.filter((o) => !o.result.ok)) {
          assert.deepEqual(lost.result, { ok: false, reason: 'conflict', collection: 'audits', id, currentVersion: won.expected + 1 }, `round ${round}: ${id} 412`);
        }
        current.set(id, won.result.updatedAudits[0]!);
      }
      await assertStoredEqualsAcknowledged(s, current, `round ${round}`);
    }
    assert.ok(counts.batched > 0, `the one-statement compare-and-swap ran (${JSON.stringify(counts)})`);
    await assertCountersEqualRecount(s, 'after the rounds');
  });
});

test('the narrow compare-and-swap never trusts what it remembers: a row changed behind the storage ends as the save says, alone or in a group', async () => {
  await withStorage(async (s) => {
    const counts = countStatements(s);
    const a = await s.createAudit(tenant, newAudit('behind-1', null));
    const b = await s.createAudit(tenant, newAudit('behind-2', null));
    const save = (base: Audit, grade: string) => s.writeBatch(tenant, { updateAudits: [{
      next: { ...base, version: base.version + 1, activeSeconds: base.activeSeconds + 5, sections: { ...base.sections, A: section(grade) } },
      expectedVersion: base.version, changedSections: ['A'] }] });
    // Someone edits the file directly: a report column changes, the version does not.
    await s.db.run('UPDATE audits SET phase = ?, team_ref = ? WHERE tenant = ? AND id = ?', ['secondary', 'team-x', tenant, a.id]);
    const alone = await save(a, 'inadequate');
    assert.ok(alone.ok);
    await s.db.run('UPDATE audits SET phase = ? WHERE tenant = ? AND id = ?', ['post-16', tenant, a.id]);
    const [inGroup, other] = await Promise.all([save(alone.updatedAudits[0]!, 'good'), save(b, 'outstanding')]);
    assert.ok(inGroup.ok && other.ok);
    // As the full UPDATE would leave them: every column as the save gave it.
    assert.deepEqual(await s.getAudit(tenant, a.id), inGroup.updatedAudits[0]);
    assert.deepEqual(await s.getAudit(tenant, b.id), other.updatedAudits[0]);
    assert.ok(counts.full >= 2, `the full UPDATE ran where the remembered row no longer matched (${JSON.stringify(counts)})`);
    await assertCountersEqualRecount(s, 'after edits behind the storage');
  });
});

test('report counters equal a recount after random saves, completions, reopenings, plan changes, deletions and a reopened file', async () => {
  await withStorage(async (first, reopen) => {
    let s = first;
    const random = seeded(15);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const cycles = ['cycle-a', 'cycle-b'];
    for (const id of cycles) await s.createCycle(tenant, { id, name: id, startDate: '2026-01-01', endDate: '2026-03-31', kpiTarget: null, createdAt: '2026-01-01T00:00:00.000Z' });
    const current = new Map<string, Audit>();
    let created = 0;
    const create = async () => {
      const audit = await s.createAudit(tenant, newAudit(`rnd-${created++}`, pick([...cycles, null])));
      current.set(audit.id, audit);
    };
    for (let i = 0; i < 12; i++) await create();
    let batched = 0;
    for (let round = 0; round < 24; round++) {
      if (round === 12) {
        // The remembered rows go with the process: the next saves start from the full UPDATE again.
        s = await reopen();
      }
      const counts = countStatements(s);
      const deletions: string[] = [];
      await Promise.all([...current.values()].map(async (base) => {
        const roll = random();
        const now = `2026-02-${String(1 + (round % 28)).padStart(2, '0')}T00:00:00.000Z`;
        let next: Audit = { ...base, version: base.version + 1, updatedAt: now, activeSeconds: base.activeSeconds + Math.floor(random() * 60) };
        let changed: string[] = [];
        if (roll < 0.08) {
          deletions.push(base.id);
          return;
        } else if (roll < 0.2 && base.status === 'in-progress') {
          const grade = pick(['outstanding', 'good', 'requires-improvement', 'inadequate']);
          next = { ...next, status: 'completed', completedAt: now, overall: { grade } as unknown as Audit['overall'] };
        } else if (roll < 0.3 && base.status === 'completed') {
          next = { ...next, status: 'in-progress', completedAt: null, overall: null, reopenings: [...base.reopenings, { at: now, by: 'aud-1', reason: 'check' } as unknown as Audit['reopenings'][number]] };
        } else if (roll < 0.4) {
          next = { ...next, cycleId: pick([...cycles, null]), auditorRole: pick(['health', 'social-care', 'send-manager'] as const),
            plan: { ...base.plan, phase: pick(['primary', 'secondary', 'post-16'] as const), primaryNeed: pick(['ASD', 'SLCN', 'SEMH'] as const) } };
        } else {
          const id = pick(SECTIONS);
          changed = [id];
          next = { ...next, sections: { ...base.sections, [id]: section(pick(GRADES), now) } };
        }
        const result = await s.writeBatch(tenant, { updateAudits: [{ next, expectedVersion: base.version, changedSections: changed }] });
        assert.ok(result.ok, `round ${round}: save of ${base.id}`);
        current.set(base.id, result.updatedAudits[0]!);
      }));
      if (deletions.length > 0) {
        const result = await s.writeBatch(tenant, { deleteAudits: deletions });
        assert.ok(result.ok);
        for (const id of deletions) current.delete(id);
      }
      while (current.size < 12) await create();
      batched += counts.batched;
      await assertCountersEqualRecount(s, `round ${round}`);
      await assertStoredEqualsAcknowledged(s, current, `round ${round}`);
    }
    assert.ok(batched > 0, 'some groups used the one-statement compare-and-swap');
  });
});
