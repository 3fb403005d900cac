import type { Discovery } from '../../src/wire/protocol/messages.js';
import { expect } from 'chai';
import { from, lastValueFrom, toArray } from 'rxjs';
import type { NodeEvent, ViewEvent } from '../../machines/events.js';
import { signBeacon } from '../../src/wire/identity/beacon-signature.js';
import { identityFromSeed } from '../../src/wire/identity/identity.js';
import { trustStore } from '../../src/wire/identity/trust-store.js';
import { verifyBeacons } from '../../streams/verify-beacons.js';

const alice = identityFromSeed(Buffer.alloc(32, 1));
const impostor = identityFromSeed(Buffer.alloc(32, 9));
const NOW = 1_795_544_230_000;

const signed = (who = alice, ts = NOW, ctr = 1, name = 'alice'): NodeEvent => ({
  type: 'BEACON',
  discovery: signBeacon(who, { name, ip: '10.0.0.1', port: 4000, version: 2, ts, ctr }) as Discovery,
  address: '10.0.0.1',
  legacy: false,
  fingerprint: '',
  at: 0,
});
const legacy = (id: string, name: string): NodeEvent => ({
  type: 'BEACON',
  discovery: { id, name, ip: '10.0.0.7', port: 8080 } as never,
  address: '10.0.0.7',
  legacy: true,
  fingerprint: '',
  at: 0,
});

async function run(events: NodeEvent[], trust = trustStore({})): Promise<string[]> {
  const out = await lastValueFrom(from(events).pipe(verifyBeacons({ now: () => NOW, trust }), toArray()));
  return out.map((e: NodeEvent | ViewEvent) =>
    e.type === 'error' ? e.error.code : e.type === 'BEACON' ? `BEACON:${e.fingerprint ? 'verified' : 'unverified'}` : e.type,
  );
}

describe('streams/verifyBeacons', () => {
  it('passes a good signed beacon with its fingerprint', async () => {
    expect(await run([signed()])).to.deep.equal(['BEACON:verified']);
  });

  it('refuses a beacon whose timestamp is more than 30 s off, either way', async () => {
    expect(await run([signed(alice, NOW - 30_001), signed(alice, NOW + 30_001)])).to.deep.equal(['STALE_BEACON', 'STALE_BEACON']);
  });

  it('drops a same-round duplicate quietly and reports an older beacon as replayed', async () => {
    const events = [
      signed(alice, NOW, 2),
      signed(alice, NOW, 1),
      signed(alice, NOW, 2),
      signed(alice, NOW - 5000, 9),
      signed(alice, NOW, 3),
    ];
    expect(await run(events)).to.deep.equal(['BEACON:verified', 'REPLAYED_BEACON', 'BEACON:verified']);
  });

  const pinned = () => trustStore({ alice: alice.publicKey.toString('base64url') });

  it('refuses another key under a pinned name, loudly', async () => {
    expect(await run([signed(alice), signed(impostor, NOW, 1, 'alice')], pinned())).to.deep.equal(['BEACON:verified', 'KEY_CHANGED']);
  });

  it('a look-alike of a pinned name is that name: refused the same way (security items 2, 15)', async () => {
    const looks = ['ALICE', 'alice\u200b', '\u0430lice', '\uff41lice', 'al\u00adice'];
    expect(
      await run(
        looks.map((n, i) => signed(identityFromSeed(Buffer.alloc(32, 20 + i)), NOW, 1, n)),
        pinned(),
      ),
    ).to.deep.equal(looks.map(() => 'KEY_CHANGED'));
  });

  it('shows every distinct key refused for a name, each under its own source (security item 1)', async () => {
    const mallory = identityFromSeed(Buffer.alloc(32, 10));
    const out = await lastValueFrom(
      from([signed(impostor), signed(mallory, NOW, 1), signed(mallory, NOW, 2)]).pipe(
        verifyBeacons({ now: () => NOW, trust: pinned() }),
        toArray(),
      ),
    );
    const sources = out.map((e) => (e.type === 'error' ? e.source : e.type));
    expect(new Set(sources).size).to.equal(2);
    expect(sources).to.have.length(2); // mallory's second beacon: refused quietly, warned once
  });

  it('a beacon pins nothing: the name stays free until a handshake (security item 12)', async () => {
    const trust = trustStore({});
    expect(await run([signed(alice), signed(impostor, NOW, 1, 'alice')], trust)).to.deep.equal(['BEACON:verified', 'BEACON:verified']);
    expect(trust.snapshot()).to.deep.equal({});
  });

  it('refuses a name that looks like a peer id, signed or not (security item 2)', async () => {
    expect(await run([signed(impostor, NOW, 1, alice.id.slice(0, 8)), legacy(impostor.id, 'DEADBEEF')])).to.deep.equal([
      'NAME_LIKE_ID',
      'NAME_LIKE_ID',
    ]);
  });

  it('believes a rename at most once a minute per key (security item 12)', async () => {
    const events = [signed(alice, NOW, 1, 'a1'), signed(alice, NOW, 2, 'a2'), signed(alice, NOW, 3, 'a3'), signed(alice, NOW, 4, 'a2')];
    expect(await run(events)).to.deep.equal(['BEACON:verified', 'BEACON:verified', 'RATE_LIMITED', 'BEACON:verified']);
  });

  it('checks new keys within a budget, and known peers outside it (security item 12)', async () => {
    const throwaway = Array.from({ length: 300 }, (_, i) =>
      signed(identityFromSeed(Buffer.from(String(i).padStart(32, 'k'))), NOW, 1, `t${i}`),
    );
    const out = await run([signed(alice), ...throwaway, signed(alice, NOW, 2)]);
    expect(out.filter((e) => e === 'BEACON:verified')).to.have.length(256 + 1);
    expect(out.filter((e) => e === 'RATE_LIMITED')).to.have.length(1);
    expect(out.at(-1)).to.equal('BEACON:verified');
  });

  it('refuses an unsigned beacon using a verified id or a pinned name; others pass unverified', async () => {
    const events = [signed(alice), legacy(alice.id, 'old-alice'), legacy(impostor.id, 'alice'), legacy(impostor.id, 'oldie')];
    expect(await run(events, pinned())).to.deep.equal([
      'BEACON:verified',
      'LEGACY_IMPERSONATION',
      'LEGACY_IMPERSONATION',
      'BEACON:unverified',
    ]);
  });

  it('lets every other event through untouched', async () => {
    const exit: NodeEvent = { type: 'EXIT', peerId: alice.id, linkId: null, at: 0 };
    expect(await run([exit])).to.deep.equal(['EXIT']);
  });
});
