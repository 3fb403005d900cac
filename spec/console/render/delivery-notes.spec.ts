import { expect } from 'chai';
import type { DeliveryView, Effect } from '../../../machines/index.js';
import { DeliveryNotes } from '../../../src/console/render/delivery-notes.js';
import type { IdChat } from '../../../src/wire/protocol/messages.js';

const chat = { id: 'm1', from_id: 'me', from_name: 'me', content: 'hi', timestamp: 1 } as unknown as IdChat;
const bob = { id: 'b', name: 'bob' };
const carol = { id: 'c', name: 'carol' };
const queue = (
  recipients: { id: string; name: string }[],
  to: { id: string; name: string } | null = null,
): Extract<Effect, { type: 'queue' }> => ({
  type: 'queue',
  chat,
  to,
  recipients,
  legacy: [],
  at: 0,
});
const d = (peer: { id: string; name: string }, state: DeliveryView['state'], at = 100): DeliveryView => ({
  id: 'm1',
  peerId: peer.id,
  peerName: peer.name,
  state,
  queuedAt: 0,
  at,
});

describe('console/delivery-notes: what the console says about own messages', () => {
  it('one mark once every present recipient has it, none per recipient before', () => {
    const n = new DeliveryNotes();
    expect(n.queued(queue([bob, carol]))).to.deep.equal([]);
    expect(n.delivery(d(bob, 'sent'))).to.deep.equal([]);
    expect(n.delivery(d(bob, 'delivered'))).to.deep.equal([]);
    expect(n.delivery(d(carol, 'delivered'))).to.deep.equal(['✓ delivered to all 2']);
  });

  it('someone away: queued now, and delivered later with how long it waited', () => {
    const n = new DeliveryNotes();
    n.queued(queue([bob], bob));
    expect(n.delivery(d(bob, 'queued'))).to.deep.equal(['queued for bob; will be delivered when bob is back']);
    expect(n.delivery(d(bob, 'delivered', 180_000))).to.deep.equal(['✓ delivered to bob (queued 3 min)']);
  });

  it('alone on the LAN a room message says nobody is there; an expired one says so', () => {
    const n = new DeliveryNotes();
    expect(n.queued(queue([]))).to.deep.equal(['nobody is here to receive it (it is kept in your history)']);
    n.queued(queue([bob]));
    expect(n.delivery(d(bob, 'expired', 7 * 86_400_000))).to.deep.equal(['✗ not delivered to bob: expired after 7.0 days']);
  });
});
