import { expect } from 'chai';
import type { Chat } from '../../src/wire/protocol/messages.js';
import { ALICE, BOB, linkUp, startNode } from '../support/node-harness.js';

/** Channels in the node machine (issue 23): who is in what, and a message reaches only those it was for. */
const TEAM = '#tearn'; // '#team' in its normal form (the confusable skeleton)
const chat = (id: string, channel?: string, from = ALICE): Chat =>
  ({ id, from_id: from, from_name: 'alice', content: 'hi', timestamp: 1, ...(channel ? { channel } : {}) }) as Chat;
const mine = (id: string) =>
  ({ id, from_id: '00000000-0000-4000-8000-000000000001', from_name: 'me', content: 'x', timestamp: 1 }) as Chat & { id: string };

/** A node linked to alice (LA) and bob (LB); alice says she is in #team. */
function withTeam() {
  const n = startNode();
  n.send(linkUp(ALICE, 'LA', 'outbound'));
  n.send(linkUp(BOB, 'LB', 'inbound'));
  n.send({ type: 'CHANNELS_IN', peerId: ALICE, linkId: 'LA', channels: [TEAM], at: 1 });
  n.send({ type: 'JOIN', channel: TEAM, name: '#team', kind: 'lan', at: 2 });
  n.take();
  return n;
}

describe('channels in the node machine (issue 23)', () => {
  it('a join is told to every link, makes the channel current, and a second join of it only makes it current', () => {
    const n = startNode();
    n.send({ type: 'JOIN', channel: TEAM, name: '#team', kind: 'lan', at: 5 });
    expect(n.effects('channels')).to.deep.equal([{ type: 'channels', channels: [TEAM], at: 5 }]);
    const joined = n.effects('joined')[0];
    expect(joined?.type === 'joined' && [joined.current, joined.change]).to.deep.equal([
      TEAM,
      { act: 'join', channel: TEAM, name: '#team' },
    ]);
    n.take();
    n.send({ type: 'GO', channel: '#lan', at: 6 });
    n.send({ type: 'JOIN', channel: TEAM, name: '#team', kind: 'lan', at: 7 });
    expect(n.effects('channels')).to.deep.equal([]);
    expect(n.actor.getSnapshot().context.current).to.equal(TEAM);
  });

  it('#lan cannot be left; a channel not joined can be neither left nor gone to', () => {
    const n = startNode();
    for (const e of [
      { type: 'PART', channel: '#lan', at: 1 },
      { type: 'PART', channel: TEAM, at: 1 },
      { type: 'GO', channel: TEAM, at: 1 },
    ] as const)
      n.send(e);
    expect(n.effects('error').map((e) => e.type === 'error' && e.error.code)).to.deep.equal(['BAD_CHANNEL', 'BAD_CHANNEL', 'BAD_CHANNEL']);
    expect(Object.keys(n.actor.getSnapshot().context.joined)).to.deep.equal(['#lan']);
  });

  it('a channel message goes only to the peers that said they are in it; a #lan one to everyone', () => {
    const n = withTeam();
    n.send({ type: 'SEND_CHAT', chat: mine('t1'), to: null, channel: TEAM, at: 3 });
    expect(n.effects('send').map((s) => s.type === 'send' && s.peerId)).to.deep.equal([ALICE]);
    n.take();
    n.send({ type: 'SEND_CHAT', chat: mine('l1'), to: null, channel: '#lan', at: 4 });
    expect(n.effects('send').map((s) => s.type === 'send' && s.peerId)).to.deep.equal([ALICE, BOB]);
  });

  it('a chat of a channel we are not in, or from a peer not in it, is acknowledged and dropped, never shown; said once', () => {
    const n = withTeam();
    n.send({ type: 'CHAT_IN', peerId: BOB, linkId: 'LB', chat: chat('b1', TEAM, BOB), at: 3 });
    n.send({ type: 'CHAT_IN', peerId: ALICE, linkId: 'LA', chat: chat('a1', '#opz'), at: 3 });
    n.send({ type: 'CHAT_IN', peerId: ALICE, linkId: 'LA', chat: chat('a2', '#opz'), at: 3 });
    expect(n.effects('chat')).to.deep.equal([]);
    expect(n.effects('received')).to.deep.equal([]);
    expect(n.effects('refusedChat').map((r) => r.type === 'refusedChat' && r.id)).to.deep.equal(['b1', 'a1', 'a2']);
    expect(n.effects('error').map((e) => e.type === 'error' && e.error.code)).to.deep.equal(['NOT_A_MEMBER', 'NOT_A_MEMBER']);
    // A peer naming a new channel in each chat is still one warning, one entry in memory.
    const warned = Object.keys(n.actor.getSnapshot().context.warned).length;
    for (let i = 0; i < 50; i++) n.send({ type: 'CHAT_IN', peerId: ALICE, linkId: 'LA', chat: chat(`x${i}`, `#c${i}`), at: 3 });
    expect(Object.keys(n.actor.getSnapshot().context.warned).length).to.equal(warned);
    n.send({ type: 'CHAT_IN', peerId: ALICE, linkId: 'LA', chat: chat('a3', TEAM), at: 4 });
    expect(n.effects('chat').map((c) => c.type === 'chat' && [c.chat.id, c.chat.channel])).to.deep.equal([['a3', TEAM]]);
  });

  it('catch-up is asked for the channels the asker is in on this link, #lan with them; a lost link forgets them', () => {
    const n = withTeam();
    n.send({ type: 'HAVE_IN', peerId: ALICE, linkId: 'LA', authors: {}, at: 3 });
    n.send({ type: 'HAVE_IN', peerId: BOB, linkId: 'LB', authors: {}, at: 3 });
    expect(n.effects('catchUp').map((c) => c.type === 'catchUp' && [c.peerId, c.channels])).to.deep.equal([
      [ALICE, ['#lan', TEAM]],
      [BOB, ['#lan']],
    ]);
    expect(n.effects('membership')).to.deep.equal([]);
    n.send({ type: 'LINK_DOWN', peerId: ALICE, linkId: 'LA', at: 4 });
    n.send(linkUp(ALICE, 'LA2', 'outbound', 5));
    n.take();
    n.send({ type: 'SEND_CHAT', chat: mine('t2'), to: null, channel: TEAM, at: 6 });
    expect(n.effects('send')).to.deep.equal([]);
  });

  it('the same list of channels again is no news: nothing is told to the store', () => {
    const n = startNode();
    n.send(linkUp(ALICE, 'LA', 'outbound'));
    for (let i = 0; i < 10; i++) n.send({ type: 'CHANNELS_IN', peerId: ALICE, linkId: 'LA', channels: [TEAM], at: i });
    expect(n.effects('membership')).to.have.length(1);
  });

  it('what a peer says it is in is told to the store, to date its membership: its first word on a link from the start of the link', () => {
    const n = startNode();
    n.advance(3);
    n.send(linkUp(ALICE, 'LA', 'outbound', 3));
    n.take();
    // Said at once after the hello: what the channel said since the link came up is for it.
    n.send({ type: 'CHANNELS_IN', peerId: ALICE, linkId: 'LA', channels: [TEAM], at: 9 });
    // A channel joined later on the link counts from then.
    n.send({ type: 'CHANNELS_IN', peerId: ALICE, linkId: 'LA', channels: [TEAM, '#opz'], at: 20 });
    expect(n.effects('membership').map((m) => m.type === 'membership' && m.at)).to.deep.equal([3, 20]);
  });

  it('a chat shown of another channel than the current one counts as unread there until /go', () => {
    const n = withTeam();
    n.send({ type: 'GO', channel: '#lan', at: 3 });
    n.send({ type: 'CHAT_IN', peerId: ALICE, linkId: 'LA', chat: chat('a4', TEAM), at: 4 });
    n.send({ type: 'CHAT_IN', peerId: ALICE, linkId: 'LA', chat: chat('a5'), at: 4 });
    expect(n.actor.getSnapshot().context.unread).to.deep.include({ [TEAM]: 1, '#lan': 0 });
    n.send({ type: 'GO', channel: TEAM, at: 5 });
    expect(n.actor.getSnapshot().context.unread).to.deep.include({ [TEAM]: 0 });
  });

  it('a node started with the channels it was in is in them again (kept in the data dir)', () => {
    const n = startNode({ rejoin: [{ id: TEAM, name: '#team', kind: 'lan', since: 1 }] });
    expect(Object.keys(n.actor.getSnapshot().context.joined)).to.deep.equal(['#lan', TEAM]);
    expect(n.actor.getSnapshot().context.current).to.equal('#lan');
  });
});
