import { expect } from 'chai';
import { fingerprintOf, identityFromSeed } from '../../src/wire/identity/identity.js';
import { trustStore } from '../../src/base/trust-store.js';

const key = (n: number) => identityFromSeed(Buffer.alloc(32, n)).publicKey.toString('base64url');

describe('trust-store (the one logic behind the disk store and the replay store)', () => {
  it('pins on first use, refuses another key, and /trust answers with the new fingerprint', () => {
    const changes: Array<Record<string, string>> = [];
    const t = trustStore({ carol: key(3) }, (pins) => changes.push(pins));
    expect(t.check('carol', key(3))).to.equal('known');
    expect(t.check('alice', key(1))).to.equal('pinned');
    expect(t.check('alice', key(2))).to.equal('changed');
    expect(t.accept('alice')).to.equal(fingerprintOf(identityFromSeed(Buffer.alloc(32, 2)).publicKey));
    expect(t.check('alice', key(2))).to.equal('known');
    expect(changes).to.deep.equal([
      { carol: key(3), alice: key(1) },
      { carol: key(3), alice: key(2) },
    ]);
    expect(t.accept('bob')).to.equal(null);
  });
});
