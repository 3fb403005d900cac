import { expect } from 'chai';
import type { PeerView } from '../../machines/events.js';
import { applyOutput, emptyModel } from '../../src/ui/model.js';
import { peerView } from '../helpers/peer-view.js';

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
