import { signBeacon } from '../../src/wire/identity/beacon-signature.js';
import { identityFromSeed, type Identity } from '../../src/wire/identity/identity.js';
import { encodeBeacon } from '../../src/wire/protocol/encode.js';

/** A deterministic identity for test peers and attackers (seed = n repeated). */
export const testIdentity = (n: number): Identity => identityFromSeed(Buffer.alloc(32, n));

/** A correctly signed beacon of `identity`, as a node would send it. */
export function signedBeacon(identity: Identity, f: { name: string; port: number; ip?: string; ts?: number; ctr?: number }): Buffer {
  const d = signBeacon(identity, {
    name: f.name,
    ip: f.ip ?? '127.0.0.1',
    port: f.port,
    version: 2,
    ts: f.ts ?? Date.now(),
    ctr: f.ctr ?? 1,
  });
  return encodeBeacon(d);
}
