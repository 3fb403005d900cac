import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { PeerId } from '../protocol/messages.js';

/**
 * A node's long-term Ed25519 identity. The same key signs beacons and is the
 * static key of every Noise handshake, and the peer id others see is derived
 * from it, so an id cannot be claimed without the key. Pure: the seed comes in.
 */
export interface Identity {
  readonly id: PeerId;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Buffer;
  /** libsodium's 64-byte form (seed ‖ public key), as the Noise channel wants it. */
  readonly secretKey: Buffer;
  readonly fingerprint: string;
  sign(data: Uint8Array): Buffer;
}

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export const SEED_BYTES = 32;
export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

export function identityFromSeed(seed: Uint8Array): Identity {
  if (seed.byteLength !== SEED_BYTES) throw new Error(`identity seed must be ${SEED_BYTES} bytes`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
  return {
    id: peerIdOf(publicKey),
    publicKey: Buffer.from(publicKey),
    secretKey: Buffer.concat([seed, publicKey]),
    fingerprint: fingerprintOf(publicKey),
    sign: (data) => sign(null, data, privateKey),
  };
}

/**
 * The peer id of a key: a UUID (version 8, RFC 9562's custom form) made from
 * SHA-256 of the key, so it still fits the original protocol's uuid `id` field.
 */
export function peerIdOf(publicKey: Uint8Array): PeerId {
  const h = createHash('sha256').update('p2p-chat/peer-id/v1').update(publicKey).digest();
  h.writeUInt8((h.readUInt8(6) & 0x0f) | 0x80, 6);
  h.writeUInt8((h.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = h.subarray(0, 16).toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  if (!PeerId.is(id)) throw new Error(`not a peer id: ${id}`); // cannot happen: the bits set above make a valid UUID
  return id;
}

/** What people compare out loud: 128 bits of SHA-256 of the key, in groups of four. */
export function fingerprintOf(publicKey: Uint8Array): string {
  const hex = createHash('sha256').update(publicKey).digest('hex').slice(0, 32);
  return hex.match(/.{4}/g)!.join(' ');
}

/**
 * Keys met recently, as OpenSSL key objects: making one costs more than the
 * verification itself (issue 12's profile of a joiner: 16% of its CPU went to
 * createPublicKey, once per beacon). At most KEYS_KEPT, the oldest forgotten first.
 */
const keyObjects = new Map<string, KeyObject>();
const KEYS_KEPT = 1024;

function publicKeyObject(raw: Uint8Array): KeyObject {
  const id = Buffer.from(raw).toString('base64');
  const known = keyObjects.get(id);
  if (known) return known;
  const made = createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
  if (keyObjects.size >= KEYS_KEPT) keyObjects.delete(keyObjects.keys().next().value ?? '');
  keyObjects.set(id, made);
  return made;
}

export function verifySignature(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.byteLength !== PUBLIC_KEY_BYTES || signature.byteLength !== SIGNATURE_BYTES) return false;
  try {
    return verify(null, data, publicKeyObject(publicKey), signature);
  } catch {
    return false; // not a valid point on the curve: a bad key is a bad signature
  }
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Strict base64url → bytes of the expected length, or null. */
export function fromBase64Url(text: string, bytes: number): Buffer | null {
  if (!B64URL.test(text)) return null;
  const b = Buffer.from(text, 'base64url');
  return b.byteLength === bytes && b.toString('base64url') === text ? b : null;
}
