import { expect } from 'chai';
import type { Chat } from '../../src/wire/protocol/messages.js';
import { ALICE, BOB, beacon, linkUp, startNode } from '../support/node-harness.js';

const CAROL = 'c0c0c0c0-5b4f-41f9-9c4b-174e78bd463b';

const SELF_CHAT = { id: 'c1', from_id: '00000000-0000-4000-8000-000000000001', from_name: 'me', content: 'hi', timestamp: 1 } as Chat & {
  id: string;
};

/** A node connected to alice (link LA, dialed) and bob (link LB, accepted), nothing emitted yet. */
const withTwoPeers = () => {
  const n = startNode();
  n.send(linkUp(ALICE, 'LA', 'outbound'));
  n.send(linkUp(BOB, 'LB', 'inbound'));
  n.take();
  return n;
};

describe('node supervisor machine', () => {
  it('fans a chat out to every connected peer over its own link', () => {
    const n = withTwoPeers();
    n.send({ type: 'SEND_CHAT', chat: SELF_CHAT, to: null, at: 5 });
    const sends = n.effects('send');
    expect(sends.map((s) => s.type === 'send' && [s.peerId, s.linkId])).to.deep.equal([
      [ALICE, 'LA'],
      [BOB, 'LB'],
    ]);
    expect(sends[0]?.type === 'send' && sends[0].message).to.deep.equal({ type: 'Chat', body: { ...SELF_CHAT, private: false } });
  });

  it('a private chat goes to that one peer only, marked private', () => {
    const n = withTwoPeers();
    n.send({ type: 'SEND_CHAT', chat: SELF_CHAT, to: { id: BOB, name: 'bob' }, at: 5 });
    const sends = n.effects('send');
    expect(sends).to.have.length(1);
    expect(sends[0]?.type === 'send' && [sends[0].linkId, (sends[0].message.body as { private: boolean }).private]).to.deep.equal([
      'LB',
      true,
    ]);
  });

  it('a private chat to a peer not yet connected is queued, then sent on its first link', () => {
    const n = startNode();
    n.send(beacon(ALICE, 'alice'));
    n.take();
    n.send({ type: 'SEND_CHAT', chat: SELF_CHAT, to: { id: ALICE, name: 'alice' }, at: 5 });
    expect(n.effects('send')).to.have.length(0);
    const delivery = n.effects('delivery');
    expect(delivery[0]?.type === 'delivery' && delivery[0].delivery).to.include({ id: 'c1', peerId: ALICE, state: 'queued' });
    n.take();
    n.send(linkUp(ALICE, 'LA', 'outbound'));
    const sends = n.effects('send');
    expect(sends.map((s) => s.type === 'send' && s.linkId)).to.deep.equal(['LA']);
  });

  it('an outbox measures a new link by the time it came, not by when the node started (issue 22 item 4)', () => {
    // The node starts at 0; an hour later alice is met, a private chat waits for her, and her link comes 1 s after it.
    const HOUR = 3_600_000;
    const n = startNode();
    n.advance(HOUR);
    n.send(beacon(ALICE, 'alice', HOUR));
    n.send({ type: 'SEND_CHAT', chat: SELF_CHAT, to: { id: ALICE, name: 'alice' }, at: HOUR });
    n.take();
    n.advance(1000);
    n.send(linkUp(ALICE, 'LA', 'outbound', HOUR + 1000));
    const sent = n.effects('delivery').find((d) => d.type === 'delivery' && d.delivery.state === 'sent');
    expect(sent?.type === 'delivery' && sent.delivery.at).to.equal(HOUR + 1000);
    // Unacknowledged, it expires expireAfter (60 s) after it was written: not an hour later.
    n.take();
    n.advance(59_000 - 1);
    expect(n.effects('delivery')).to.deep.equal([]);
    n.advance(1);
    const expired = n.effects('delivery').find((d) => d.type === 'delivery' && d.delivery.state === 'expired');
    expect(expired?.type === 'delivery' && expired.delivery.at).to.equal(HOUR + 60_000);
  });

  it('a chat is delivered when the peer acks it, and not before', () => {
    const n = withTwoPeers();
    n.send({ type: 'SEND_CHAT', chat: SELF_CHAT, to: { id: BOB, name: 'bob' }, at: 5 });
    const states = () => n.effects('delivery').map((d) => d.type === 'delivery' && d.delivery.state);
    expect(states()).to.deep.equal(['sent']);
    n.send({ type: 'ACK_IN', peerId: BOB, linkId: 'LB', ids: ['c1'], at: 7 });
    expect(states()).to.deep.equal(['sent', 'delivered']);
  });

  it('a broadcast is for every peer present, and for no one when nobody is', () => {
    const alone = startNode();
    alone.send({ type: 'SEND_CHAT', chat: SELF_CHAT, to: null, at: 5 });
    const q = alone.effects('queue')[0];
    expect(q?.type === 'queue' && q.recipients).to.deep.equal([]);
    const n = withTwoPeers();
    n.send({ type: 'SEND_CHAT', chat: SELF_CHAT, to: null, at: 5 });
    const q2 = n.effects('queue')[0];
    expect(q2?.type === 'queue' && q2.recipients.map((r) => r.id)).to.deep.equal([ALICE, BOB]);
  });

  it('a chat from a peer is shown with the name the machine knows', () => {
    const n = startNode();
    n.send(linkUp(ALICE, 'LA', 'outbound'));
    n.take();
    n.send({ type: 'CHAT_IN', peerId: ALICE, linkId: 'LA', chat: { ...SELF_CHAT, from_id: ALICE, private: true } as Chat, at: 9 });
    const chats = n.effects('chat');
    expect(chats[0]?.type === 'chat' && chats[0].chat).to.include({ fromId: ALICE, fromName: 'alice', private: true, legacy: false });
  });

  it('a chat for an unknown peer goes nowhere', () => {
    const n = startNode();
    n.send({ type: 'CHAT_IN', peerId: ALICE, linkId: 'LA', chat: SELF_CHAT, at: 9 });
    expect(n.out).to.deep.equal([]);
  });

  it('quit sends Exit to every peer', () => {
    const n = startNode();
    n.send(linkUp(ALICE, 'LA', 'outbound'));
    n.take();
    n.send({ type: 'QUIT', at: n.clock.now() });
    const s = n.effects('send')[0];
    expect(s?.type === 'send' && s.message).to.deep.equal({ type: 'Exit', body: '00000000-0000-4000-8000-000000000001' });
  });

  it('after quit the node is leaving: links closing or peers talking change nothing', () => {
    const n = withTwoPeers();
    n.send({ type: 'QUIT', at: n.clock.now() });
    n.take();
    n.send({ type: 'LINK_DOWN', peerId: ALICE, linkId: 'LA', at: n.clock.now() });
    n.send(beacon(CAROL, 'carol'));
    n.advance(20_000);
    expect(n.out).to.deep.equal([]);
    expect(n.actor.getSnapshot().value).to.equal('leaving');
  });

  it('refuses a link that claims to be us', () => {
    const n = startNode();
    n.send(linkUp('00000000-0000-4000-8000-000000000001', 'LX', 'inbound'));
    expect(n.out).to.deep.equal([{ type: 'closeLink', linkId: 'LX' }]);
  });

  it('a full table makes room by evicting the unconnected peer heard from least recently', () => {
    const n = startNode({ maxPeers: 2 });
    n.send(beacon(ALICE, 'alice', 0));
    n.send(beacon(CAROL, 'carol', 10));
    n.take();
    n.send(beacon(BOB, 'bob', 20));
    expect(n.states(ALICE)).to.deep.equal(['gone']);
    const gone = n.out.find((e) => e.type === 'peer' && e.peer.id === ALICE);
    expect(gone && gone.type === 'peer' && gone.peer.reason).to.equal('evicted');
    expect(n.states(BOB)).to.deep.equal(['discovered']);
    expect(Object.keys(n.actor.getSnapshot().context.peers).sort()).to.deep.equal([BOB, CAROL].sort());
  });

  it('a table full of connected peers refuses newcomers, warning once', () => {
    const n = startNode({ maxPeers: 1 });
    n.send(linkUp(ALICE, 'LA', 'outbound'));
    n.take();
    n.send(beacon(BOB, 'bob'));
    n.send(beacon(BOB, 'bob'));
    n.send(linkUp(BOB, 'LB', 'inbound'));
    expect(n.out.map((e) => (e.type === 'error' ? e.error.code : e.type))).to.deep.equal(['PEER_LIMIT', 'closeLink']);
  });

  it('one source address gets its share of the table, not all of it; others still join (security item 13)', () => {
    const n = startNode({ maxPeersPerSource: 2 });
    n.send(beacon(ALICE, 'alice'));
    n.send(beacon(CAROL, 'carol'));
    n.take();
    n.send(beacon(BOB, 'bob'));
    n.send(linkUp(BOB, 'LB', 'inbound'));
    expect(n.out.map((e) => (e.type === 'error' ? e.error.code : e.type))).to.deep.equal(['PEER_LIMIT', 'closeLink']);
    expect(n.states(BOB)).to.deep.equal([]);
    n.take();
    const far = beacon(BOB, 'bob');
    n.send(far.type === 'BEACON' ? { ...far, address: '10.0.0.9' } : far);
    expect(n.states(BOB)).to.deep.equal(['discovered']);
  });

  describe('legacy peers', () => {
    it('without --legacy they are ignored with one hint', () => {
      const n = startNode();
      n.send(beacon(ALICE, 'old', 0, true));
      n.send(beacon(ALICE, 'old', 5000, true));
      expect(n.out.map((e) => (e.type === 'error' ? e.error.code : e.type))).to.deep.equal(['LEGACY_IGNORED']);
    });

    it('with --legacy: connected on its beacon, never pinged, kept alive by beacons', () => {
      const n = startNode({ legacy: true });
      n.send(beacon(ALICE, 'old', 0, true));
      expect(n.states(ALICE)).to.deep.equal(['connected']);
      for (let t = 5000; t <= 30_000; t += 5000) {
        n.advance(5000);
        n.send(beacon(ALICE, 'old', t, true));
      }
      expect(n.states(ALICE)).to.deep.equal(['connected']);
      expect(n.effects('ping')).to.have.length(0);
      n.advance(11_000);
      expect(n.states(ALICE)).to.deep.equal(['connected', 'stale']);
      n.send(beacon(ALICE, 'old', 41_500, true));
      expect(n.states(ALICE)).to.deep.equal(['connected', 'stale', 'connected']);
    });

    it('is sent the chat one-shot, to the address it beaconed from (the fan-out writes it the original way)', () => {
      const n = startNode({ legacy: true });
      n.send(beacon(ALICE, 'old', 0, true, 8080));
      n.take();
      n.send({ type: 'SEND_CHAT', chat: SELF_CHAT, to: null, at: 5 });
      expect(n.out.filter((e) => e.type !== 'queue')).to.deep.equal([
        { type: 'sendLegacy', peerId: ALICE, address: '10.0.0.2', port: 8080, message: { type: 'Chat', body: SELF_CHAT } },
      ]);
    });

    it('a chat arriving by a link for a legacy peer, or one-shot for a native peer, is refused', () => {
      const n = startNode({ legacy: true });
      n.send(beacon(ALICE, 'old', 0, true));
      n.send(linkUp(BOB, 'LB', 'outbound'));
      n.take();
      n.send({ type: 'CHAT_IN', peerId: ALICE, linkId: 'LB', chat: SELF_CHAT, at: 1 });
      n.send({ type: 'CHAT_IN', peerId: BOB, linkId: null, chat: SELF_CHAT, at: 1 });
      expect(n.out.map((e) => (e.type === 'error' ? e.error.code : e.type))).to.deep.equal(['UNEXPECTED_MESSAGE', 'UNEXPECTED_MESSAGE']);
    });
  });
});

describe('node supervisor machine: its own standing (issue 22)', () => {
  it('holds the name it goes by and the away text, set by RENAME and SET_AWAY, emitting nothing', () => {
    const n = withTwoPeers();
    const own = () => ({ name: n.actor.getSnapshot().context.selfName, away: n.actor.getSnapshot().context.away });
    expect(own()).to.deep.equal({ name: 'me', away: null });
    n.send({ type: 'SET_AWAY', away: 'lunch', at: 10 });
    n.send({ type: 'RENAME', name: 'zed', at: 11 });
    expect(own()).to.deep.equal({ name: 'zed', away: 'lunch' });
    n.send({ type: 'SET_AWAY', away: null, at: 12 });
    expect(own()).to.deep.equal({ name: 'zed', away: null });
    expect(n.out).to.deep.equal([]);
  });

  it('still takes them while it says goodbye (a line typed after /quit counts as it did)', () => {
    const n = withTwoPeers();
    n.send({ type: 'QUIT', at: n.clock.now() });
    n.send({ type: 'SET_AWAY', away: 'gone fishing', at: 10 });
    expect(n.actor.getSnapshot().value).to.equal('leaving');
    expect(n.actor.getSnapshot().context.away).to.equal('gone fishing');
  });
});
