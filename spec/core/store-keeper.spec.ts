import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import sinon from 'sinon';
import { storeKeeper } from '../../src/core/store-keeper.js';
import type { Link, MessageStore, StoredChat } from '../../src/wire/ports/index.js';
import type { Chat, Message, PeerId } from '../../src/wire/protocol/messages.js';

const ME = '00000000-0000-4000-8000-000000000001' as PeerId;
const BOB = 'b628dd37-5b4f-41f9-9c4b-174e78bd463b';
const own = (id: string, seq: number): StoredChat => ({
  id,
  fromId: ME,
  fromName: 'me',
  toId: null,
  channel: '#lan',
  content: id,
  timestamp: 1,
  own: true,
  legacy: false,
  deliveredTo: [],
  seq,
  sig: 's',
  key: 'k',
});

function keeper(owed: ReadonlySet<string>) {
  const sent: Message[] = [];
  const store = {
    heads: () => ({ [ME]: 3 }),
    lastSeq: () => 3,
    since: () => [own('m1', 1), own('m2', 2), own('m3', 3)],
    memberSince: () => ({ '#lan': 0 }),
    sync: sinon.fake(),
    save: sinon.fake(),
  } as unknown as MessageStore & { sync: sinon.SinonSpy; save: sinon.SinonSpy };
  const link = { send: (m: Message) => (sent.push(m), E.right(undefined)) } as unknown as Link;
  const k = storeKeeper({
    store,
    show: () => undefined,
    self: { id: ME, name: 'me', fingerprint: 'f' },
    publicKey: 'k',
    signChat: (c) => c,
    now: () => 0,
    link: () => link,
    linkIds: () => ['L1', 'L2'],
    peers: () => [],
    pending: () => [],
    owed: () => owed,
    joined: () => ['#lan'],
  });
  return { k, sent, store };
}

describe('store-keeper: what the store remembers, and what catch-up passes on', () => {
  it('catch-up passes on what a peer lacks, but not what its outbox still owes it (that goes as chat, acknowledged)', () => {
    const { k, sent } = keeper(new Set(['m2', 'm3']));
    k.remember({ type: 'catchUp', peerId: BOB, linkId: 'L1', authors: {}, channels: ['#lan'] });
    expect(sent.map((m) => m.type === 'Relay' && m.body.chat.id)).to.deep.equal(['m1']);
  });

  it('a resend it already holds writes nothing, yet asks for a commit signal so its ack goes out', () => {
    const { k, store } = keeper(new Set());
    const chat = { id: 'x', from_id: BOB, from_name: 'bob', content: 'hi', timestamp: 1 } as Chat;
    k.remember({ type: 'received', peerId: BOB, linkId: 'L1', chat, duplicate: true, legacy: false });
    expect(store.save.called).to.equal(false);
    expect(store.sync.calledOnce).to.equal(true);
  });

  it('a change of our channels asks every link again with a Have (a channel joined while linked is caught up)', () => {
    const { k, sent } = keeper(new Set());
    k.remember({ type: 'channels', channels: ['#tearn'], at: 0 });
    expect(sent).to.deep.equal([
      { type: 'Have', body: { authors: { [ME]: 3 } } },
      { type: 'Have', body: { authors: { [ME]: 3 } } },
    ]);
  });
});
