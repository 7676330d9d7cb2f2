/**
 * Canonical JSON: one byte sequence for one value, so a signature made by the hub
 * verifies at the LA whatever order the keys arrive in and however the file was
 * pretty-printed on the way. Object keys are sorted by UTF-16 code units, there
 * is no white space, and numbers and strings are written as `JSON.stringify`
 * writes them (which for finite numbers matches RFC 8785).
 */

/** Raised for a value that has no canonical JSON form (a non-finite number, a function, a cycle…). */
export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
}

/**
 * The canonical JSON text of a value.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  try {
    return writeFast(value, []);
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
  }
  // The careful writer: the same text for what the fast one declined, or the error naming where the value went wrong.
  return write(value, new Set(), '$');
}

/** The text of a boolean or a string, which both writers write alike; undefined for anything else. */
function simpleText(value: unknown): string | undefined {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return JSON.stringify(value);
  return undefined;
}

/** Thrown by {@link writeFast} for anything it leaves to {@link write}. */
const NOT_PLAIN = Symbol('not plain JSON');

/**
 * The canonical text of plain JSON data (every save's trail entry is hashed over it), without the
 * path strings, entry arrays and Set the careful writer keeps for its error messages. Anything
 * else (a non-finite number, a function, a loop, a class instance, a sparse array) is declined.
 */
function writeFast(value: unknown, open: object[]): string {
  if (value === null) return 'null';
  const simple = simpleText(value);
  if (simple !== undefined) return simple;
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw NOT_PLAIN;
      return String(value); // as JSON.stringify writes a finite number; -0 is "0"
    case 'object': {
      if (open.includes(value)) throw NOT_PLAIN;
      open.push(value);
      let out: string;
      if (Array.isArray(value)) {
        out = '[';
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) throw NOT_PLAIN;
          const item: unknown = value[i];
          out += (i === 0 ? '' : ',') + writeFast(item === undefined ? null : item, open);
        }
        out += ']';
      } else {
        const proto: unknown = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
        // Sorted by UTF-16 code units, as Array.prototype.sort compares strings.
        const keys = Object.keys(value).sort();
        out = '{';
        let first = true;
        for (const key of keys) {
          const item = (value as Record<string, unknown>)[key];
          if (item === undefined) continue;
          out += (first ? '' : ',') + JSON.stringify(key) + ':' + writeFast(item, open);
          first = false;
        }
        out += '}';
      }
      open.pop();
      return out;
    }
    default:
      throw NOT_PLAIN;
  }
}

function write(value: unknown, seen: Set<object>, path: string): string {
  if (value === null) return 'null';
  const simple = simpleText(value);
  if (simple !== undefined) return simple;
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${path} is ${value}, which JSON cannot carry`);
      return JSON.stringify(Object.is(value, -0) ? 0 : value);
    case 'object': {
      if (seen.has(value)) throw new CanonicalJsonError(`${path} refers back to itself`);
      seen.add(value);
      let out: string;
      if (Array.isArray(value)) {
        out = `[${value.map((item, i) => write(item === undefined ? null : item, seen, `${path}[${i}]`)).join(',')}]`;
      } else {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) throw new CanonicalJsonError(`${path} is not a plain object`);
        const entries = Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        out = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v, seen, `${path}.${k}`)}`).join(',')}}`;
      }
      seen.delete(value);
      return out;
    }
    default:
      throw new CanonicalJsonError(`${path} is a ${typeof value}, which JSON cannot carry`);
  }
}
