import { expect } from 'chai';
import { peersOf } from '../../streams/bridge.js';
import { ALICE, beacon, linkUp, startNode } from '../support/node-harness.js';

/**
 * Link-less and unsigned input never speaks for a verified peer (security round
 * two, items 4-6): ids are public, so only a key proves one.
 */
describe('machines: what unsigned input cannot do to a verified peer', () => {
  it("a UDP Heartbeat with a crashed verified peer's id does not bring it back (item 4)", () => {
    const n = startNode();
    n.send(linkUp(ALICE, 'L1', 'outbound'));
    n.send({ type: 'LINK_DOWN', linkId: 'L1', peerId: ALICE, at: n.clock.now() });
    n.take();
    for (let i = 0; i < 5; i++) n.send({ type: 'TRAFFIC', peerId: ALICE, linkId: null, at: 100 * i });
    expect(peersOf(n.actor).map((p) => p.state)).to.deep.equal(['stale']);
  });

  it('an unsigned Discovery neither renames nor re-addresses a verified peer, and is reported (item 5)', () => {
    const n = startNode({ legacy: true });
    n.send(linkUp(ALICE, 'L1', 'outbound'));
    n.take();
    const unsigned = beacon(ALICE, 'mallory', 5, true);
    if (unsigned.type === 'BEACON') n.send({ ...unsigned, address: '127.0.0.66' });
    expect(peersOf(n.actor).map((p) => [p.name, p.address, p.verified])).to.deep.equal([['alice', '10.0.0.2', true]]);
    const errors = n.effects('error');
    expect(errors.map((e) => e.type === 'error' && e.error.code)).to.deep.equal(['LEGACY_IMPERSONATION']);
  });

  it('a verified peer is never downgraded: its key replaces an unsigned node that took its id first (item 6)', () => {
    const n = startNode({ legacy: true });
    n.send(beacon(ALICE, 'alice', 0, true)); // an unsigned node claims alice's public id first
    expect(peersOf(n.actor).map((p) => p.legacy)).to.deep.equal([true]);
    n.send(linkUp(ALICE, 'L1', 'outbound')); // then alice proves her key
    expect(peersOf(n.actor).map((p) => [p.state, p.legacy, p.verified])).to.deep.equal([['connected', false, true]]);
  });
});
