import { expect } from 'chai';
import { fingerprintOf, identityFromSeed } from '../../../src/wire/identity/identity.js';
import { trustStore } from '../../../src/wire/identity/trust-store.js';

const key = (n: number) => identityFromSeed(Buffer.alloc(32, n)).publicKey.toString('base64url');
const fp = (n: number) => fingerprintOf(identityFromSeed(Buffer.alloc(32, n)).publicKey);

describe('trust-store (the one logic behind the disk store and the replay store)', () => {
  it('pins at a handshake, refuses another key, and /trust answers with the new fingerprint', () => {
    const changes: Array<Record<string, string>> = [];
    const t = trustStore({ carol: key(3) }, (pins) => changes.push(pins));
    expect(t.check('carol', key(3))).to.equal('known');
    expect(t.pin('alice', key(1))).to.equal('pinned');
    expect(t.check('alice', key(2))).to.equal('changed');
    expect(t.accept('alice')).to.deep.equal({ kind: 'trusted', name: 'alice', fingerprint: fp(2) });
    expect(t.check('alice', key(2))).to.equal('known');
    expect(changes).to.deep.equal([
      { carol: key(3), alice: key(1) },
      { carol: key(3), alice: key(2) },
    ]);
    expect(t.accept('bob').kind).to.equal('none');
  });

  it('a beacon alone pins nothing: throwaway names never reach the pin file (security item 12)', () => {
    const changes: unknown[] = [];
    const t = trustStore({}, (pins) => changes.push(pins));
    for (let n = 1; n < 50; n++) expect(t.check(`squat${n}`, key(n))).to.equal('unpinned');
    expect(t.snapshot()).to.deep.equal({});
    expect(changes).to.deep.equal([]);
  });

  it('/trust pins the key the user was shown, not the last one heard (security item 1)', () => {
    const t = trustStore({ bob: key(1) });
    expect(t.check('bob', key(2))).to.equal('changed'); // bob's new key: shown
    expect(t.check('bob', key(9))).to.equal('changed'); // mallory's, later, as "bob"
    const choose = t.accept('bob');
    expect(choose).to.deep.equal({ kind: 'choose', name: 'bob', fingerprints: [fp(2), fp(9)] });
    expect(t.check('bob', key(9))).to.equal('still-refused'); // nothing was pinned; warned once already
    const prefix = fp(2).slice(0, 9); // "xxxx yyyy", as the user reads it
    expect(t.accept('bob', `${prefix}zz`).kind).to.equal('no-match');
    expect(t.accept('bob', prefix)).to.deep.equal({ kind: 'trusted', name: 'bob', fingerprint: fp(2) });
    expect(t.check('bob', key(2))).to.equal('known');
    expect(t.check('bob', key(9))).to.equal('changed'); // refused anew under the new pin
  });

  it('warns once per refused key: repeats are still refused, quietly (issue 11 item 2)', () => {
    const t = trustStore({ bob: key(1) });
    expect([t.check('bob', key(2)), t.check('bob', key(2)), t.pin('bob', key(2))]).to.deep.equal([
      'changed',
      'still-refused',
      'still-refused',
    ]);
  });

  it('one pin per name however it is written: case, invisible characters and look-alikes (security items 2, 15)', () => {
    const t = trustStore({ bob: key(1) });
    for (const [i, name] of ['BOB', 'bob\u200b', 'b\u043eb', '\uff42\uff4f\uff42', 'b\u00adob'].entries())
      expect(t.check(name, key(5 + i)), JSON.stringify(name)).to.equal('changed');
    expect(t.isPinned('Bob\ufeff')).to.equal(true);
    expect(t.check('BOB', key(1))).to.equal('known');
  });

  it('remembers a bounded number of refused keys per name', () => {
    const t = trustStore({ bob: key(1) });
    for (let n = 2; n < 40; n++) t.check('bob', key(n));
    const a = t.accept('bob');
    expect(a.kind === 'choose' && a.fingerprints.length).to.equal(8);
  });
});
