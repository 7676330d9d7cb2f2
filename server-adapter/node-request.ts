/**
 * Request headers read from the Node request itself, when the app runs under @hono/node-server and
 * `c.req.raw` is that server's own request for `c.env.incoming`, with its Headers not yet built. The
 * server builds a web Headers object from the Node request the first time anyone reads
 * `c.req.raw.headers` (every `c.req.header(name)`), which costs more than the few headers the adapter
 * reads on a request. Anywhere else (app.request, other runtimes, a host that passed another Request,
 * or one whose Headers were built, and so could have been changed) the web Headers are read, as before.
 *
 * The answers are the web Headers' own: the values of every line with that name (any case) joined with
 * ", ", in the order they came; Node's parser has already trimmed each value as the Headers would.
 */
import type { Context } from 'hono';

/**
 * The server's private keys on its request: where it keeps the Node request, and where it keeps the
 * Headers once built. Found once, from the first request's prototype (see {@link findKeys}); null when
 * the server's request does not keep them so, and then the fast path is never taken.
 */
let keys: { incoming: symbol; headers: symbol } | null | undefined;

/**
 * The server's request keeps the Node request under a symbol of its own, and builds the Headers from
 * its `rawHeaders` into another when `headers` is first read. So: a bare object of the same prototype,
 * given a stand-in Node request under the first symbol, has the second set once its `headers` is read.
 */
function findKeys(raw: object, incoming: unknown): typeof keys {
  const incomingKey = Object.getOwnPropertySymbols(raw).find((key) => (raw as Record<symbol, unknown>)[key] === incoming);
  if (!incomingKey) return undefined; // not the server's request (a host's own): look again on the next one
  try {
    const probe = Object.create(Object.getPrototypeOf(raw) as object) as Record<symbol, unknown>;
    probe[incomingKey] = { rawHeaders: [] };
    const headers = (probe as unknown as { headers: unknown }).headers;
    const headersKey = Object.getOwnPropertySymbols(probe).find((key) => key !== incomingKey && probe[key] === headers);
    return headers instanceof Headers && headersKey ? { incoming: incomingKey, headers: headersKey } : null;
  } catch {
    return null;
  }
}

/** The raw header lines (name, value, name, value…) of the Node request behind `c`, or undefined when they may not be the request's headers. */
export function nodeHeaderLines(c: Context): readonly string[] | undefined {
  const incoming = (c.env as { incoming?: { rawHeaders?: unknown } } | undefined)?.incoming;
  if (!incoming || !Array.isArray(incoming.rawHeaders)) return undefined;
  const raw = c.req.raw as unknown as Record<symbol, unknown>;
  if (keys === undefined) keys = findKeys(raw, incoming);
  const found = keys;
  // Headers already built may have been changed by a host's middleware: then they are read.
  return found && raw[found.incoming] === incoming && raw[found.headers] === undefined ? (incoming.rawHeaders as string[]) : undefined;
}

/** `c.req.header(name)` for a lower-case `name`: see the module comment. */
export function requestHeader(c: Context, name: string): string | undefined {
  const lines = nodeHeaderLines(c);
  if (!lines) return c.req.header(name);
  let value: string | undefined;
  for (let i = 0; i < lines.length; i += 2) {
    const key = lines[i]!;
    if (key.length === name.length && (key === name || key.toLowerCase() === name)) value = value === undefined ? lines[i + 1]! : `${value}, ${lines[i + 1]!}`;
  }
  return value;
}
