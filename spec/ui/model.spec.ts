import { expect } from 'chai';
import type { Output } from '../../src/console/index.js';
import type { PeerView } from '../../machines/events.js';
import { markRead, unreadOf, type Seen } from '../../src/ui/conversations.js';
import { pageView } from '../../src/ui/page-view.js';
import { applyOutput, emptyModel, type UiModel } from '../../src/ui/model.js';
import { peerView } from '../support/peer-view.js';

const peer = (id: string, name: string): PeerView => peerView(id, name);
const lan = (m: UiModel) => m.conversations['#lan']?.chats ?? [];

describe('ui/model: two peers under one name on the page (issue 11 item 3)', () => {
  it('labels both with the start of their id, in the peer list and in the chat', () => {
    const m = emptyModel();
    applyOutput(m, { type: 'peer', peer: peer('43af0000-1', 'bob') });
    expect(m.peers['43af0000-1']?.label).to.equal('bob');
    applyOutput(m, { type: 'peer', peer: peer('77c10000-2', 'bob') });
    expect([m.peers['43af0000-1']?.label, m.peers['77c10000-2']?.label]).to.deep.equal(['bob#43af', 'bob#77c1']);
    applyOutput(m, {
      type: 'chat',
      chat: { id: 'c', fromId: '77c10000-2', fromName: 'bob', content: 'hi', timestamp: 1, private: false, legacy: false, verified: true },
    });
    expect(lan(m).at(-1)?.from).to.equal('bob#77c1');
  });
});

describe('ui/model: the page as a client (issue 11 item 21)', () => {
  const chat = (id: string, timestamp: number) => ({
    id,
    fromId: 'self',
    fromName: 'me',
    content: `c${id}`,
    timestamp,
    private: false,
    legacy: false,
    verified: true,
  });

  it('an own message carries where each recipient stands, as delivery events come', () => {
    const m = emptyModel();
    applyOutput(m, { type: 'peer', peer: peer('43af0000-1', 'bob') });
    applyOutput(m, { type: 'own', chat: chat('m1', 10), to: null });
    const delivery = (state: 'queued' | 'sent' | 'delivered') =>
      applyOutput(m, { type: 'delivery', delivery: { id: 'm1', peerId: '43af0000-1', peerName: 'bob', state, queuedAt: 0, at: 1 } });
    delivery('sent');
    expect(lan(m)[0]?.delivery).to.deep.equal({ '43af0000-1': { name: 'bob', state: 'sent' } });
    delivery('delivered');
    expect(lan(m)[0]?.delivery['43af0000-1']?.state).to.equal('delivered');
    expect(
      applyOutput(m, { type: 'delivery', delivery: { id: 'unknown', peerId: 'x', peerName: 'x', state: 'sent', queuedAt: 0, at: 1 } }),
    ).to.equal(false);
  });

  it('history from the store goes in time order, once, with what was delivered', () => {
    const m = emptyModel();
    applyOutput(m, { type: 'own', chat: chat('live', 100), to: null });
    const stored = (id: string, timestamp: number) => ({
      id,
      fromId: 'self',
      fromName: 'me',
      toId: null,
      channel: '#lan',
      content: `c${id}`,
      timestamp,
      own: true,
      legacy: false,
      deliveredTo: ['43af0000-1'],
    });
    applyOutput(m, {
      type: 'history',
      messages: [stored('old1', 5), stored('old2', 6), stored('live', 100)],
      title: 't',
      names: { '43af0000-1': 'bob' },
    });
    expect(lan(m).map((c) => c.id)).to.deep.equal(['old1', 'old2', 'live']);
    expect(lan(m)[0]).to.include({ history: true, own: true, from: 'you' });
    expect(lan(m)[0]?.delivery).to.deep.equal({ '43af0000-1': { name: 'bob', state: 'delivered' } });
  });
});

describe('ui/model: the page as a list of conversations (issue 23 item 8)', () => {
  const BOB = '43af0000-1';
  const CAROL = '77c10000-2';
  const view = (id: string, from: string, content: string, timestamp: number, more: { channel?: string; private?: boolean } = {}) => ({
    id,
    fromId: from,
    fromName: from === BOB ? 'bob' : 'carol',
    content,
    timestamp,
    private: more.private ?? false,
    legacy: false,
    verified: true,
    ...(more.channel === undefined ? {} : { channel: more.channel }),
  });
  const joined = (ids: string[], act: 'join' | 'part', channel: string): Output => ({
    type: 'joined',
    joined: Object.fromEntries(ids.map((id) => [id, { name: id === '#tearn' ? '#team' : id, kind: 'lan' as const, since: 1 }])),
    current: act === 'join' ? channel : '#lan',
    change: { act, channel, name: channel },
  });
  const keys = (m: UiModel) => Object.keys(m.conversations).sort();

  it('is in #lan from the start, and in each channel its joined events name, by wire id with the name as typed', () => {
    const m = emptyModel();
    expect(Object.keys(m.joined)).to.deep.equal(['#lan']);
    applyOutput(m, joined(['#lan', '#tearn'], 'join', '#tearn'));
    expect(m.joined['#tearn']?.name).to.equal('#team');
    expect(m.current).to.equal('#tearn');
  });

  it('puts each message in its conversation: a channel by its id (#lan when none is named), a private one by the peer', () => {
    const m = emptyModel();
    applyOutput(m, { type: 'peer', peer: peer(BOB, 'bob') });
    applyOutput(m, joined(['#lan', '#tearn'], 'join', '#tearn'));
    applyOutput(m, { type: 'chat', chat: view('a', BOB, 'to the lan', 1) });
    applyOutput(m, { type: 'chat', chat: view('b', BOB, 'to the team', 2, { channel: '#tearn' }) });
    applyOutput(m, { type: 'chat', chat: view('c', BOB, 'just you', 3, { private: true }) });
    applyOutput(m, {
      type: 'own',
      chat: { ...view('d', 'self', 'back to bob', 4), private: true },
      to: { id: BOB, name: 'bob', legacy: false },
    });
    applyOutput(m, { type: 'own', chat: view('e', 'self', 'team, hi', 5, { channel: '#tearn' }), to: null });
    expect(keys(m)).to.deep.equal(['#lan', '#tearn', `@${BOB}`]);
    expect(m.conversations['#lan']?.chats.map((c) => c.id)).to.deep.equal(['a']);
    expect(m.conversations['#tearn']?.chats.map((c) => c.id)).to.deep.equal(['b', 'e']);
    expect(m.conversations[`@${BOB}`]?.chats.map((c) => c.id)).to.deep.equal(['c', 'd']);
    expect(m.conversations[`@${BOB}`]).to.include({ kind: 'private', id: BOB, name: 'bob' });
  });

  it('counts unread what came live from others while its conversation was not the one shown; own and history never', () => {
    const m = emptyModel();
    const seen: Seen = {};
    applyOutput(m, joined(['#lan', '#tearn'], 'join', '#tearn'));
    applyOutput(m, { type: 'chat', chat: view('a', BOB, 'one', 1, { channel: '#tearn' }) });
    applyOutput(m, { type: 'chat', chat: view('a', BOB, 'one, again', 1, { channel: '#tearn' }) });
    applyOutput(m, { type: 'own', chat: view('b', 'self', 'mine', 2, { channel: '#tearn' }), to: null });
    const stored = {
      id: 'h',
      fromId: CAROL,
      fromName: 'carol',
      toId: null,
      channel: '#tearn',
      content: 'old',
      timestamp: 0,
      own: false,
      legacy: false,
      deliveredTo: [],
    };
    applyOutput(m, { type: 'history', messages: [stored], title: 't', names: {} });
    const team = () => m.conversations['#tearn'];
    expect(unreadOf(team(), seen)).to.equal(1);
    markRead(team(), seen);
    expect(unreadOf(team(), seen)).to.equal(0);
    applyOutput(m, { type: 'chat', chat: view('c', CAROL, 'two', 3, { channel: '#tearn' }) });
    expect(unreadOf(team(), seen)).to.equal(1);
    expect(team()?.chats.map((c) => c.id)).to.deep.equal(['h', 'a', 'b', 'c']);
  });

  it("a private history entry is the other one's conversation; a delivery finds its message in any conversation", () => {
    const m = emptyModel();
    const stored = (id: string, own: boolean) => ({
      id,
      fromId: own ? 'self' : CAROL,
      fromName: own ? 'me' : 'carol',
      toId: own ? CAROL : 'self',
      channel: null,
      content: id,
      timestamp: 1,
      own,
      legacy: false,
      deliveredTo: [],
    });
    applyOutput(m, { type: 'history', messages: [stored('mine', true), stored('theirs', false)], title: 't', names: {} });
    expect(keys(m)).to.deep.equal([`@${CAROL}`]);
    applyOutput(m, {
      type: 'delivery',
      delivery: { id: 'mine', peerId: CAROL, peerName: 'carol', state: 'delivered', queuedAt: 0, at: 1 },
    });
    expect(m.conversations[`@${CAROL}`]?.chats[0]?.delivery[CAROL]?.state).to.equal('delivered');
  });

  it("a page is sent the messages of the conversation it shows only, and every conversation's count", () => {
    const m = emptyModel();
    applyOutput(m, joined(['#lan', '#tearn'], 'join', '#tearn'));
    applyOutput(m, { type: 'chat', chat: view('a', BOB, 'lan', 1) });
    applyOutput(m, { type: 'chat', chat: view('b', BOB, 'team', 2, { channel: '#tearn' }) });
    const sent = (conversation: string): unknown => JSON.parse(JSON.stringify(m, pageView({ actor: 'node', reveal: false, conversation })));
    expect(sent('#tearn')).to.nested.include({ 'conversations.#lan.chats.length': 0, 'conversations.#lan.received': 1 });
    expect(sent('#tearn')).to.nested.include({ 'conversations.#tearn.chats[0].content': 'team' });
    expect(sent('#lan')).to.nested.include({ 'conversations.#tearn.chats.length': 0, 'conversations.#lan.chats[0].content': 'lan' });
  });

  it("keeps the node's latest refusal of what its user did (a join, a part), not the LAN's noise", () => {
    const m = emptyModel();
    expect(applyOutput(m, { type: 'error', error: { code: 'BAD_JSON', message: 'noise' }, source: '10.0.0.9' })).to.equal(false);
    expect(m.notice).to.equal(null);
    applyOutput(m, { type: 'error', error: { code: 'BAD_CHANNEL', message: "#lan is the LAN's own channel" }, own: true });
    expect(m.notice).to.deep.equal({ text: "#lan is the LAN's own channel", seq: m.version });
  });

  it('a channel parted leaves the list with its messages; a join later starts it afresh', () => {
    const m = emptyModel();
    applyOutput(m, joined(['#lan', '#tearn'], 'join', '#tearn'));
    applyOutput(m, { type: 'chat', chat: view('a', BOB, 'one', 1, { channel: '#tearn' }) });
    applyOutput(m, joined(['#lan'], 'part', '#tearn'));
    expect(keys(m)).to.deep.equal([]);
    expect(Object.keys(m.joined)).to.deep.equal(['#lan']);
    expect(m.current).to.equal('#lan');
  });
});
