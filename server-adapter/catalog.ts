/** The frameworks an adapter serves, looked up by id and version. */
import type { Framework } from '../criteria/schema.js';
import type { FrameworkCatalog } from './operation.js';

/** Builds a catalog; throws when two frameworks share an id and version. */
export function createFrameworkCatalog(frameworks: readonly Framework[]): FrameworkCatalog {
  const byKey = new Map<string, Framework>();
  for (const f of frameworks) {
    const key = `${f.id}@${f.version}`;
    if (byKey.has(key)) throw new Error(`framework ${key} is given twice`);
    byKey.set(key, f);
  }
  const list = [...frameworks].sort((a, b) => (a.id === b.id ? compareVersions(a.version, b.version) : a.id < b.id ? -1 : 1));
  return {
    list: () => list,
    get: (id, version) => byKey.get(`${id}@${version}`),
    latest: (id) => list.filter((f) => f.id === id).at(-1),
  };
}

/** Compares semantic versions `1.2.10` > `1.2.9`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
