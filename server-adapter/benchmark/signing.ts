/**
 * Signing and verifying published benchmarks with Node's own crypto: Ed25519 (the
 * hub keeps a private key, every LA holds the public key) or HMAC-SHA256 (a secret
 * shared between the hub and its LAs). The signature covers the canonical JSON of
 * the payload, so re-indenting a file does not break it but changing any figure does.
 */
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export type SignatureAlgorithm = 'ed25519' | 'hmac-sha256';

/** How a hub signs: an Ed25519 private key (PEM or KeyObject), or an HMAC secret. */
export type BenchmarkSigningKey =
  | { algorithm: 'ed25519'; privateKey: KeyObject | string; keyId?: string }
  | { algorithm: 'hmac-sha256'; secret: string | Buffer; keyId?: string };

/** How an LA checks: the hub's Ed25519 public key (PEM or KeyObject), or the shared HMAC secret. */
export type BenchmarkVerificationKey =
  | { algorithm: 'ed25519'; publicKey: KeyObject | string }
  | { algorithm: 'hmac-sha256'; secret: string | Buffer };

/** A payload with the hub's signature, as served by a hub and as written to a file. */
export interface SignedDocument<T> {
  format: 'ehcp-qa/signed-document';
  payload: T;
  signature: { algorithm: SignatureAlgorithm; keyId?: string; value: string };
}

/** Raised when a document's signature is missing, malformed, of the wrong kind, or does not verify. */
export class SignatureError extends Error {
  override name = 'SignatureError';
}

const bytesOf = (payload: unknown) => Buffer.from(canonicalJson(payload), 'utf8');
const privateKeyOf = (key: KeyObject | string) => (typeof key === 'string' ? createPrivateKey(key) : key);
const publicKeyOf = (key: KeyObject | string) => (typeof key === 'string' ? createPublicKey(key) : key);

/**
 * Signs a payload.
 *
 * @example
 * const { privateKey } = generateHubKeyPair();
 * const doc = signDocument({ figures: [1, 2] }, { algorithm: 'ed25519', privateKey });
 */
export function signDocument<T>(payload: T, key: BenchmarkSigningKey): SignedDocument<T> {
  const data = bytesOf(payload);
  const value = key.algorithm === 'ed25519'
    ? sign(null, data, privateKeyOf(key.privateKey)).toString('base64')
    : createHmac('sha256', key.secret).update(data).digest('base64');
  return {
    format: 'ehcp-qa/signed-document',
    payload,
    signature: { algorithm: key.algorithm, ...(key.keyId ? { keyId: key.keyId } : {}), value },
  };
}

/**
 * Checks a document's signature and returns its payload (still to be validated by
 * the caller). Throws {@link SignatureError} when it does not verify; a document
 * signed with another algorithm than the key expects is refused, never downgraded.
 */
export function verifyDocument(document: unknown, key: BenchmarkVerificationKey): unknown {
  if (typeof document !== 'object' || document === null) throw new SignatureError('the file is not a signed document');
  const { format, payload, signature } = document as Partial<SignedDocument<unknown>>;
  if (format !== 'ehcp-qa/signed-document') throw new SignatureError('the file is not an ehcp-qa signed document ("format" is missing or different)');
  if (payload === undefined) throw new SignatureError('the document has no payload');
  if (typeof signature !== 'object' || signature === null || typeof signature.value !== 'string') throw new SignatureError('the document has no signature');
  if (signature.algorithm !== key.algorithm) {
    throw new SignatureError(`the document is signed with "${String(signature.algorithm)}" but this LA expects "${key.algorithm}"`);
  }
  const given = Buffer.from(signature.value, 'base64');
  let data: Buffer;
  try {
    data = bytesOf(payload);
  } catch {
    throw new SignatureError('the payload cannot be serialised canonically');
  }
  let ok: boolean;
  if (key.algorithm === 'ed25519') {
    try {
      ok = verify(null, data, publicKeyOf(key.publicKey), given);
    } catch {
      ok = false;
    }
  } else {
    const expected = createHmac('sha256', key.secret).update(data).digest();
    ok = given.length === expected.length && timingSafeEqual(given, expected);
  }
  if (!ok) throw new SignatureError('the signature does not match the contents: the file was changed after the hub signed it, or was signed with another key');
  return payload;
}

/**
 * A new Ed25519 key pair as PEM text, for a hub operator to keep the private key and
 * give every LA the public key.
 *
 * @example
 * const { privateKey, publicKey } = generateHubKeyPair();
 */
export function generateHubKeyPair(): { privateKey: string; publicKey: string } {
  const pair = generateKeyPairSync('ed25519');
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
