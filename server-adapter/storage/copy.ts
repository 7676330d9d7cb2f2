/**
 * A deep copy of plain JSON data (plain objects, arrays, strings, numbers, booleans, null), field by
 * field: the same result as `structuredClone` for such data, several times faster and with less
 * garbage. Anything else (a class instance, a sparse array, an own `__proto__` key, which assignment
 * cannot copy) goes through `structuredClone`, so the result is never a shared or half copy. Storages
 * use it for what they return and what they keep, so that neither is the caller's object.
 */
export function copyData<T>(value: T): T {
  if (typeof value === 'function' || typeof value === 'symbol') return structuredClone(value); // refused, as structuredClone refuses it
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value)) return structuredClone(value);
    return value.map(copyData) as T;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const keys = Object.keys(value);
  if (keys.includes('__proto__')) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = copyData((value as Record<string, unknown>)[key]);
  return out as T;
}

/**
 * Whether `JSON.stringify` writes `a` and `b` alike (so the stored row would not change), without
 * writing either: plain data is compared field by field, in the order JSON.stringify takes the
 * fields; anything else (a class instance, a toJSON method) by its text.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return false;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || !plainData(a) || !plainData(b)) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(inArray(a[i]), inArray(b[i]))) return false;
    return true;
  }
  const aKeys = writtenKeys(a as Record<string, unknown>);
  const bKeys = writtenKeys(b as Record<string, unknown>);
  if (aKeys.length !== bKeys.length) return false;
  for (let i = 0; i < aKeys.length; i++) {
    const key = aKeys[i]!;
    if (key !== bKeys[i] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** An array or an object of Object's own (or no) prototype, with no toJSON of its own. */
function plainData(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** What JSON.stringify leaves out of an object: undefined, functions, symbols. */
const leftOut = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** In an array those are written as null. */
const inArray = (value: unknown) => (leftOut(value) ? null : value);

function writtenKeys(value: Record<string, unknown>): string[] {
  const keys = Object.keys(value);
  return keys.some((key) => leftOut(value[key])) ? keys.filter((key) => !leftOut(value[key])) : keys;
}
