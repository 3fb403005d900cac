import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { validate, version } from 'uuid';
import { signBeacon, verifyBeacon } from '../../../src/wire/identity/beacon-signature.js';
import { fingerprintOf, fromBase64Url, identityFromSeed, peerIdOf, verifySignature } from '../../../src/wire/identity/identity.js';
import type { Discovery } from '../../../src/wire/protocol/messages.js';
import { encodeMessage } from '../../../src/wire/protocol/encode.js';
import { decodeMessage } from '../../../src/wire/protocol/decode.js';

const alice = identityFromSeed(Buffer.alloc(32, 1));
const mallory = identityFromSeed(Buffer.alloc(32, 66));
const beacon = (over: Partial<Discovery> = {}) =>
  ({ ...signBeacon(alice, { name: 'alice', ip: '10.0.0.1', port: 4000, version: 2, ts: 1_000, ctr: 1 }), ...over }) as Discovery;
const code = (d: Discovery) => {
  const r = verifyBeacon(d);
  return E.isLeft(r) ? r.left.code : 'OK';
};

describe('identity', () => {
  it('the peer id is a valid UUID (v8) derived from the key, stable for a seed', () => {
    expect(validate(alice.id)).to.equal(true);
    expect(version(alice.id)).to.equal(8);
    expect(peerIdOf(alice.publicKey)).to.equal(alice.id);
    expect(identityFromSeed(Buffer.alloc(32, 1)).id).to.equal(alice.id);
    expect(mallory.id).not.to.equal(alice.id);
  });

  it('fingerprints are 8 groups of 4 hex digits', () => {
    expect(fingerprintOf(alice.publicKey)).to.match(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
  });

  it('signs and verifies; another key or other bytes fail', () => {
    const sig = alice.sign(Buffer.from('hello'));
    expect(verifySignature(alice.publicKey, Buffer.from('hello'), sig)).to.equal(true);
    expect(verifySignature(mallory.publicKey, Buffer.from('hello'), sig)).to.equal(false);
    expect(verifySignature(alice.publicKey, Buffer.from('hellO'), sig)).to.equal(false);
    expect(verifySignature(Buffer.alloc(31), Buffer.from('hello'), sig)).to.equal(false);
  });

  it('base64url input is strict about alphabet and length', () => {
    const k = alice.publicKey.toString('base64url');
    expect(fromBase64Url(k, 32)?.equals(alice.publicKey)).to.equal(true);
    expect(fromBase64Url(`${k}A`, 32)).to.equal(null);
    expect(fromBase64Url(k.replace(/.$/, '+'), 32)).to.equal(null);
    expect(fromBase64Url(alice.publicKey.toString('base64'), 32) === null || !alice.publicKey.toString('base64').match(/[+/=]/)).to.equal(
      true,
    );
  });
});

/** The largest beacon a node can send: every field at its widest. */
const widest = (name: string) =>
  signBeacon(alice, { name, ip: '255.255.255.255', port: 65535, version: 2, ts: 1_795_544_230_000, ctr: 2 ** 40 }) as Discovery;

describe('signed beacons', () => {
  it("a node's beacon verifies, is ≤ 1024 bytes, and is still an original Discovery", () => {
    const d = widest('n'.repeat(64));
    expect(code(d)).to.equal('OK');
    const bytes = encodeMessage({ type: 'Discovery', body: d });
    expect(bytes.byteLength).to.be.at.most(1024);
    expect(
      bytes.toString().startsWith(`{"Discovery":{"id":"${alice.id}","name":"${'n'.repeat(64)}","ip":"255.255.255.255","port":65535,`),
    ).to.equal(true);
    const back = decodeMessage(bytes, 1024);
    expect(E.isRight(back) && back.right.body).to.deep.equal(d);
  });

  it('even a 64-character name of 4-byte characters fits in 1024 bytes', () => {
    const d = widest('😀'.repeat(64));
    expect(encodeMessage({ type: 'Discovery', body: d }).byteLength).to.be.at.most(1024);
  });

  const table: Array<[string, Partial<Discovery>, string]> = [
    ['a changed name', { name: 'mallory' as never }, 'BAD_SIGNATURE'],
    ['a changed port', { port: 4001 as never }, 'BAD_SIGNATURE'],
    ['a changed timestamp', { ts: 1_001 as never }, 'BAD_SIGNATURE'],
    ['a changed counter', { ctr: 2 as never }, 'BAD_SIGNATURE'],
    ['another id', { id: mallory.id }, 'ID_MISMATCH'],
    ["mallory's key under alice's id", { key: mallory.publicKey.toString('base64url') }, 'ID_MISMATCH'],
    ['a malformed signature', { sig: 'not-base64!' }, 'BAD_SIGNATURE'],
    ['no signature', { sig: undefined as never }, 'UNSIGNED_BEACON'],
  ];
  for (const [what, over, expected] of table) {
    it(`${what} → ${expected}`, () => expect(code(beacon(over))).to.equal(expected));
  }

  it("mallory's own correctly signed beacon claiming alice's id → ID_MISMATCH", () => {
    const forged = signBeacon(mallory, { name: 'alice', ip: '10.0.0.9', port: 4000, version: 2, ts: 1_000, ctr: 9 });
    expect(code({ ...forged, id: alice.id } as Discovery)).to.equal('ID_MISMATCH');
  });
});
