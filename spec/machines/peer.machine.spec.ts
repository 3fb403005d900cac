import type { Ping } from '../../src/wire/protocol/messages.js';
import { expect } from 'chai';
import { ALICE, BOB, SELF, beacon, linkUp, startNode } from '../support/node-harness.js';

/** Every transition of the peer lifecycle, on a simulated clock (no real time passes). */
describe('peer machine', () => {
  it('what a peer says carries the moment it happened, its own timers included (issue 22: time on every event)', () => {
    const n = startNode();
    n.advance(500);
    n.send(linkUp(ALICE, 'L1', 'inbound', 500));
    const links = () => n.effects('link').map((e) => e.type === 'link' && [e.linkId, e.at]);
    expect(links()).to.deep.equal([['L1', 500]]);
    // Last heard at 1500: stale at 1500 + staleAfter (3 s), gone goneAfter (15 s) after that.
    n.advance(1000);
    n.send({ type: 'TRAFFIC', peerId: ALICE, linkId: 'L1', at: 1500 });
    n.advance(3000);
    n.advance(15_000);
    expect(n.states(ALICE)).to.deep.equal(['connected', 'stale', 'gone']);
    expect(links()).to.deep.equal([
      ['L1', 500],
      [null, 1500 + 3000 + 15_000],
    ]);
  });

  it('a beacon from a new peer: discovered, a dial, and one extra beacon of ours', () => {
    const n = startNode();
    n.send(beacon(ALICE, 'alice'));
    expect(n.out.map((e) => e.type)).to.deep.equal(['rebeacon', 'peer', 'dial']);
    expect(n.states(ALICE)).to.deep.equal(['discovered']);
    expect(n.effects('dial')[0]).to.include({ peerId: ALICE, address: '10.0.0.2', port: 4000 });
  });

  it("a known peer's beacon changes nothing and asks for no extra beacon", () => {
    const n = startNode();
    n.send(beacon(ALICE, 'alice'));
    n.take();
    n.send(beacon(ALICE, 'alice'));
    expect(n.out).to.deep.equal([]);
  });

  it('ignores its own beacons', () => {
    const n = startNode();
    n.send(beacon(SELF, 'me'));
    expect(n.out).to.deep.equal([]);
  });

  it('the larger id gives the smaller a moment to dial, then dials itself', () => {
    const n = startNode({ selfId: BOB }); // ffff… > b628…: alice dials first
    n.send(beacon(ALICE, 'alice'));
    expect(n.effects('dial')).to.have.length(0);
    n.advance(299);
    expect(n.effects('dial')).to.have.length(0);
    n.advance(1);
    expect(n.effects('dial')).to.have.length(1);
  });

  it("the larger id never dials when the smaller one's link arrives first", () => {
    const n = startNode({ selfId: BOB });
    n.send(beacon(ALICE, 'alice'));
    n.advance(100);
    n.send(linkUp(ALICE, 'IN', 'inbound', 100));
    n.advance(1000);
    expect(n.effects('dial')).to.have.length(0);
    expect(n.states(ALICE)).to.deep.equal(['discovered', 'connected']);
  });

  it('discovered → connected when the link comes up', () => {
    const n = startNode();
    n.send(beacon(ALICE, 'alice'));
    n.send(linkUp(ALICE, 'L1', 'outbound'));
    expect(n.states(ALICE)).to.deep.equal(['discovered', 'connected']);
  });

  it('an inbound link from an unknown peer is connected at once', () => {
    const n = startNode();
    n.send(linkUp(ALICE, 'L1', 'inbound'));
    expect(n.states(ALICE)).to.deep.equal(['connected']);
  });

  it('a failed dial backs off, doubling, and dials again', () => {
    const n = startNode();
    n.send(beacon(ALICE, 'alice'));
    n.take();
    n.send({ type: 'DIAL_FAILED', peerId: ALICE, reason: 'refused', at: n.clock.now() });
    n.advance(499);
    expect(n.effects('dial')).to.have.length(0); // attempts=1 → 500 ms
    n.advance(1);
    expect(n.effects('dial')).to.have.length(1);
    n.send({ type: 'DIAL_FAILED', peerId: ALICE, reason: 'refused', at: n.clock.now() });
    n.advance(999);
    expect(n.effects('dial')).to.have.length(1);
    n.advance(1);
    expect(n.effects('dial')).to.have.length(2);
  });

  it('a peer never linked is dialled a bounded number of times, then waits to be dialled; the node says so (security item 8)', () => {
    const n = startNode();
    n.send(beacon(ALICE, 'alice'));
    for (let i = 0; i < 4; i++) {
      n.advance(2500); // past each backoff (0.5, 1, 2 s), within gone-after (15 s)
      n.send({ type: 'DIAL_FAILED', peerId: ALICE, reason: 'refused', at: n.clock.now() });
    }
    n.advance(4000);
    expect(n.effects('dial')).to.have.length(4);
    expect(n.states(ALICE)).to.deep.equal(['discovered']);
    const told = n.take().filter((e) => e.type === 'error' && /not dialing it again/.test(e.error.message));
    expect(told).to.have.length(1);
  });

  it('a link cut at once (a peer refusing us) does not reset the backoff: no redial 4 times a second (security item 13)', () => {
    const n = startNode();
    n.send(beacon(ALICE, 'alice'));
    for (let i = 1; i <= 4; i++) {
      n.send(linkUp(ALICE, `L${i}`, 'outbound'));
      n.send({ type: 'LINK_DOWN', linkId: `L${i}`, peerId: ALICE, at: n.clock.now() });
      n.advance(250 * 2 ** i - 1);
      expect(n.effects('dial'), `cut ${i}`).to.have.length(i); // not yet: the backoff doubles each time
      n.advance(1);
    }
  });

  it('a beacon under a new name for a known id tells the rename once, and the peer goes by it (issue 11 item 12)', () => {
    const n = startNode();
    n.send(linkUp(ALICE, 'L1', 'outbound'));
    n.take();
    n.send(beacon(ALICE, 'erin', 10));
    n.send(beacon(ALICE, 'erin', 20));
    const renames = n.take().filter((e) => e.type === 'renamed');
    expect(renames).to.deep.equal([{ type: 'renamed', peerId: ALICE, from: 'alice', to: 'erin' }]);
  });

  it('a Status on the current link marks the peer away (once), a Status on another link is ignored (issue 11 item 14)', () => {
    const n = startNode();
    n.send(linkUp(ALICE, 'L1', 'outbound'));
    n.take();
    n.send({ type: 'STATUS_IN', peerId: ALICE, linkId: 'OTHER', away: 'forged', at: 5 });
    n.send({ type: 'STATUS_IN', peerId: ALICE, linkId: 'L1', away: 'lunch', at: 10 });
    n.send({ type: 'STATUS_IN', peerId: ALICE, linkId: 'L1', away: 'lunch', at: 20 });
    n.send({ type: 'STATUS_IN', peerId: ALICE, linkId: 'L1', away: null, at: 30 });
    const told = n.take().filter((e) => e.type === 'away');
    expect(told.map((e) => (e.type === 'away' ? e.away : 'x'))).to.deep.equal(['lunch', null]);
  });

  it("a Links frame on the current link is the peer's link set; another link's is ignored; a lost link forgets it", () => {
    const n = startNode();
    const links = () => n.actor.getSnapshot().context.peers[ALICE]?.getSnapshot().context.links;
    n.send(linkUp(ALICE, 'L1', 'outbound'));
    n.send({ type: 'LINKS_IN', peerId: ALICE, linkId: 'OTHER', peers: ['forged'], at: 5 });
    expect(links()).to.deep.equal([]);
    n.send({ type: 'LINKS_IN', peerId: ALICE, linkId: 'L1', peers: [BOB], at: 10 });
    expect(links()).to.deep.equal([BOB]);
    n.send({ type: 'LINK_DOWN', peerId: ALICE, linkId: 'L1', at: n.clock.now() });
    expect(links()).to.deep.equal([]);
  });

  it('a peer never reached is gone after gone-after', () => {
    const n = startNode();
    n.send(beacon(ALICE, 'alice'));
    n.advance(14_999);
    expect(n.states(ALICE)).to.deep.equal(['discovered']);
    n.advance(1);
    expect(n.states(ALICE)).to.deep.equal(['discovered', 'gone']);
  });

  describe('when connected', () => {
    const connected = () => {
      const n = startNode();
      n.send(linkUp(ALICE, 'L1', 'outbound'));
      n.take();
      return n;
    };

    it('pings every heartbeat interval', () => {
      const n = connected();
      n.advance(1000);
      n.advance(1000);
      expect(n.effects('ping')).to.deep.equal([
        { type: 'ping', peerId: ALICE, linkId: 'L1' },
        { type: 'ping', peerId: ALICE, linkId: 'L1' },
      ]);
    });

    it('pings only an idle link: a beat after a chat from the peer sends no ping, the next idle one does (issue 12)', () => {
      const n = connected();
      const chat = (at: number) =>
        n.send({
          type: 'CHAT_IN',
          peerId: ALICE,
          linkId: 'L1',
          chat: { from_id: ALICE, from_name: 'alice', content: 'x', timestamp: 1, id: `c${at}`, private: false } as never,
          at,
        });
      chat(500);
      n.advance(1000);
      expect(n.effects('ping')).to.deep.equal([]);
      chat(1500);
      n.advance(1000);
      expect(n.effects('ping')).to.deep.equal([]);
      n.advance(1000);
      expect(n.effects('ping')).to.have.length(1);
      expect(n.actor.getSnapshot().context.peers[ALICE]?.getSnapshot().value).to.deep.include({
        connected: { heartbeat: 'waiting', liveness: 'fresh' },
      });
    });

    it('a ping is traffic that keeps the peer fresh; the link answers it, not the machine', () => {
      const n = connected();
      n.send({ type: 'TRAFFIC', peerId: ALICE, linkId: 'L1', at: 5, ping: { seq: 7, sent: 1.5 } as Ping });
      expect(n.effects('send')).to.deep.equal([]);
      expect(n.actor.getSnapshot().context.peers[ALICE]?.getSnapshot().context.lastSeen).to.equal(5);
    });

    it('stays connected while traffic comes, goes stale 3 s after the last', () => {
      const n = connected();
      for (let t = 1; t <= 5; t++) {
        n.advance(2000);
        n.send({ type: 'TRAFFIC', peerId: ALICE, linkId: 'L1', at: t * 2000, rtt: 1.25 });
      }
      expect(n.states(ALICE)).to.deep.equal([]);
      n.advance(2999);
      expect(n.states(ALICE)).to.deep.equal([]);
      n.advance(1);
      expect(n.states(ALICE)).to.deep.equal(['stale']);
      const stale = n.out.find((e) => e.type === 'peer');
      expect(stale && stale.type === 'peer' && stale.peer).to.include({ rtt: 1.25, lastSeen: 10_000 });
    });

    it('traffic on a link that is not the current one does not count', () => {
      const n = connected();
      n.advance(2000);
      n.send({ type: 'TRAFFIC', peerId: ALICE, linkId: 'OLD', at: 2000 });
      n.advance(1000);
      expect(n.states(ALICE)).to.deep.equal(['stale']);
    });

    it('stale (link open, silent) → connected on traffic, without redialling', () => {
      const n = connected();
      n.advance(3000);
      n.send({ type: 'TRAFFIC', peerId: ALICE, linkId: 'L1', at: 3500 });
      expect(n.states(ALICE)).to.deep.equal(['stale', 'connected']);
      expect(n.effects('dial')).to.have.length(0);
    });

    it('a closed link makes it stale at once, then redials with backoff until it is back', () => {
      const n = connected();
      n.send({ type: 'TRAFFIC', peerId: ALICE, linkId: 'L1', at: 100 }); // a link that worked
      n.send({ type: 'LINK_DOWN', peerId: ALICE, linkId: 'L1', at: n.clock.now() });
      expect(n.states(ALICE)).to.deep.equal(['stale']);
      n.advance(250);
      expect(n.effects('dial')).to.have.length(1);
      n.send(linkUp(ALICE, 'L2', 'outbound', 300));
      expect(n.states(ALICE)).to.deep.equal(['stale', 'connected']);
    });

    it('a LINK_DOWN of a replaced link is ignored', () => {
      const n = connected();
      n.send({ type: 'LINK_DOWN', peerId: ALICE, linkId: 'OTHER', at: n.clock.now() });
      expect(n.states(ALICE)).to.deep.equal([]);
    });

    it('stale for gone-after → gone (timeout), its link closed and its machine stopped', () => {
      const n = connected();
      n.advance(3000); // SimulatedClock schedules timers set while it fires from the end of the step
      n.advance(14_999);
      expect(n.states(ALICE)).to.deep.equal(['stale']);
      n.advance(1);
      expect(n.states(ALICE)).to.deep.equal(['stale', 'gone']);
      const gone = n.out.filter((e) => e.type === 'peer').pop();
      expect(gone && gone.type === 'peer' && gone.peer.reason).to.equal('timeout');
      expect(n.effects('closeLink')).to.deep.equal([{ type: 'closeLink', linkId: 'L1' }]);
      expect(n.actor.getSnapshot().context.peers).to.deep.equal({});
    });

    it('Exit → gone (exit) from connected', () => {
      const n = connected();
      n.send({ type: 'EXIT', peerId: ALICE, linkId: 'L1', at: n.clock.now() });
      expect(n.states(ALICE)).to.deep.equal(['gone']);
      const gone = n.out.find((e) => e.type === 'peer');
      expect(gone && gone.type === 'peer' && gone.peer.reason).to.equal('exit');
    });

    it('Exit → gone from stale too; a later beacon is a new peer', () => {
      const n = connected();
      n.advance(3000);
      n.send({ type: 'EXIT', peerId: ALICE, linkId: 'L1', at: n.clock.now() });
      n.send(beacon(ALICE, 'alice', 4000));
      expect(n.states(ALICE)).to.deep.equal(['stale', 'gone', 'discovered']);
    });
  });

  describe('simultaneous dials: both ends keep the link dialed by the smaller id', () => {
    // SELF (0000…) < ALICE (b628…): the link SELF dialed (outbound here) must win.
    for (const order of [
      ['outbound', 'inbound'],
      ['inbound', 'outbound'],
    ] as const) {
      it(`on the smaller side, ${order.join(' then ')}`, () => {
        const n = startNode();
        n.send(linkUp(ALICE, order[0] === 'outbound' ? 'OUT' : 'IN', order[0]));
        n.send(linkUp(ALICE, order[1] === 'outbound' ? 'OUT' : 'IN', order[1]));
        expect(n.effects('closeLink')).to.deep.equal([{ type: 'closeLink', linkId: 'IN' }]);
        expect(n.actor.getSnapshot().context.peers[ALICE]?.getSnapshot().context.linkId).to.equal('OUT');
      });
      it(`on the larger side, ${order.join(' then ')}`, () => {
        // Here we are BOB (ffff…) and the peer is SELF's id (0000…), the smaller.
        const n = startNode({ selfId: BOB });
        n.send(linkUp(SELF, order[0] === 'outbound' ? 'OUT' : 'IN', order[0]));
        n.send(linkUp(SELF, order[1] === 'outbound' ? 'OUT' : 'IN', order[1]));
        expect(n.effects('closeLink')).to.deep.equal([{ type: 'closeLink', linkId: 'OUT' }]);
        expect(n.actor.getSnapshot().context.peers[SELF]?.getSnapshot().context.linkId).to.equal('IN');
      });
    }
  });
});
