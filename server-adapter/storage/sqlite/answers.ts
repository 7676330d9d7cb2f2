/**
 * Remembered answers of the SQLite storage's small, repeated reads (report figures, a page of
 * report rows, moderation records, cycles), while the file has not changed.
 *
 * A report screen asks the same questions again and again, and each answer is a handful of SQL
 * statements. The storage counts every write made through its connection (`db.writeCount`, which
 * also counts writes by features and by anything else using `storage.db`); an answer read while
 * the count stood still is given again, as a copy, until the count moves. So it is only used when
 * this process is the only writer (`ownsWrites`): a write by another process to the same file
 * would not move the count.
 *
 * Bounded: at most {@link MAX_ANSWERS} answers and about {@link MAX_BYTES} of their JSON; an
 * answer larger than {@link MAX_ANSWER_BYTES} is never kept.
 */
import type { SqliteDb } from './db.js';

const MAX_ANSWERS = 2000;
const MAX_BYTES = 32 * 1024 * 1024;
const MAX_ANSWER_BYTES = 512 * 1024;

/** The reads remembered, when the storage has them. Each returns JSON-shaped data. */
export const REMEMBERED_READS = [
  'getCycle', 'listCycles', 'getRecord', 'listRecords', 'summarizeAudits',
  'reportAggregates', 'reportAuditPage', 'reportMedianActiveSeconds', 'reportCriteriaCounts',
] as const;

interface Answer { writeCount: number; value: unknown; bytes: number }

/** Replaces the named read methods of `target` with remembering ones (in place). */
export function rememberAnswers(target: Record<string, unknown>, db: SqliteDb): void {
  const answers = new Map<string, Answer>();
  let bytes = 0;
  const forget = (key: string) => {
    const old = answers.get(key);
    if (old) {
      answers.delete(key);
      bytes -= old.bytes;
    }
  };
  for (const name of REMEMBERED_READS) {
    const read = target[name];
    if (typeof read !== 'function') continue;
    target[name] = async (...args: unknown[]) => {
      const key = JSON.stringify([name, ...args]);
      const kept = answers.get(key);
      if (kept && kept.writeCount === db.writeCount) {
        answers.delete(key); // most recently used last
        answers.set(key, kept);
        return structuredClone(kept.value);
      }
      const before = db.writeCount;
      const value: unknown = await (read as (...a: unknown[]) => Promise<unknown>)(...args);
      forget(key);
      // Kept only if nothing was written while it was read.
      if (before === db.writeCount && value !== undefined) {
        const size = (JSON.stringify(value) ?? '').length * 2;
        if (size <= MAX_ANSWER_BYTES) {
          answers.set(key, { writeCount: before, value: structuredClone(value), bytes: size });
          bytes += size;
          while (answers.size > MAX_ANSWERS || bytes > MAX_BYTES) forget(answers.keys().next().value!);
        }
      }
      return value;
    };
  }
}
