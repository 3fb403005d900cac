import { expect } from 'chai';
import type { PeerView } from '../../machines/events.js';
import { applyOutput, emptyModel } from '../../src/ui/model.js';
import { peerView } from '../support/peer-view.js';

const peer = (id: string, name: string): PeerView => peerView(id, name);

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
    expect(m.chat.at(-1)?.from).to.equal('bob#77c1');
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
    expect(m.chat[0]?.delivery).to.deep.equal({ '43af0000-1': { name: 'bob', state: 'sent' } });
    delivery('delivered');
    expect(m.chat[0]?.delivery['43af0000-1']?.state).to.equal('delivered');
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
    expect(m.chat.map((c) => c.id)).to.deep.equal(['old1', 'old2', 'live']);
    expect(m.chat[0]).to.include({ history: true, own: true, from: 'you' });
    expect(m.chat[0]?.delivery).to.deep.equal({ '43af0000-1': { name: 'bob', state: 'delivered' } });
  });
});
