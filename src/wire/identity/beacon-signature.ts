import * as E from 'fp-ts/lib/Either.js';
import { p2pError, type P2PError } from '../protocol/errors.js';
import type { Discovery } from '../protocol/messages.js';
import { fromBase64Url, peerIdOf, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, verifySignature, type Identity } from './identity.js';
import type { DiscoveryFields } from '../protocol/encode.js';

/** The fields a signed beacon adds to the original Discovery. */
export interface BeaconProof {
  readonly key: string;
  readonly ts: number;
  readonly ctr: number;
  readonly sig: string;
}

/**
 * What is signed: every field that means something, in a fixed order, under a
 * context string so a beacon signature is never valid as anything else.
 */
interface Signed {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
  readonly port: number;
  readonly version: number;
  readonly key: string;
  readonly ts: number;
  readonly ctr: number;
}

export function signedBytes(d: Signed): Buffer {
  return Buffer.from(JSON.stringify(['p2p-chat beacon', d.version, d.id, d.name, d.ip, d.port, d.key, d.ts, d.ctr]), 'utf8');
}

export function signBeacon(
  identity: Identity,
  fields: { name: string; ip: string; port: number; version: number; ts: number; ctr: number },
): DiscoveryFields {
  const key = identity.publicKey.toString('base64url');
  const unsigned = { id: identity.id, ...fields, key };
  const sig = identity.sign(signedBytes(unsigned)).toString('base64url');
  return {
    id: identity.id,
    name: fields.name,
    ip: fields.ip,
    port: fields.port,
    version: fields.version,
    key,
    ts: fields.ts,
    ctr: fields.ctr,
    sig,
  };
}

/**
 * A beacon's own proof: the key is well formed, the id is that key's id, and
 * the signature covers what it says. Freshness and replay need memory and a
 * clock; the stream that has them checks those.
 */
/** What a verified beacon proves: its key (raw and as sent), and its round and counter. */
export interface BeaconProven {
  readonly key: Buffer;
  readonly keyText: string;
  readonly ts: number;
  readonly ctr: number;
}

export function verifyBeacon(d: Discovery): E.Either<P2PError, BeaconProven> {
  if (d.key === undefined || d.sig === undefined || d.ts === undefined || d.ctr === undefined || d.version === undefined) {
    return E.left(p2pError('UNSIGNED_BEACON', `beacon for ${d.id} carries a version but no signature`));
  }
  const key = fromBase64Url(d.key, PUBLIC_KEY_BYTES);
  const sig = fromBase64Url(d.sig, SIGNATURE_BYTES);
  if (!key || !sig) return E.left(p2pError('BAD_SIGNATURE', `beacon for ${d.id} has a malformed key or signature`));
  if (peerIdOf(key) !== d.id) return E.left(p2pError('ID_MISMATCH', `beacon claims id ${d.id}, which is not its key's id`));
  const bytes = signedBytes({ id: d.id, name: d.name, ip: d.ip, port: d.port, version: d.version, key: d.key, ts: d.ts, ctr: d.ctr });
  if (!verifySignature(key, bytes, sig)) return E.left(p2pError('BAD_SIGNATURE', `beacon for ${d.id} has a bad signature`));
  return E.right({ key, keyText: d.key, ts: d.ts, ctr: d.ctr });
}
