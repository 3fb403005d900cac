import { expect } from 'chai';
import { ChatQueue, type Queued } from '../../machines/chat-queue.js';

const q = (id: string, sent = false, queuedAt = 0): Queued => ({ chat: { id } as never, queuedAt, sent });
const ids = (c: ChatQueue) => c.map((x) => x.chat.id);

describe('machines/chat-queue: an immutable outbox queue (issue 12)', () => {
  it('every version keeps its own contents: an older one never sees a later append', () => {
    const a = ChatQueue.empty.push(q('m1'));
    const b = a.push(q('m2'));
    const c = b.push(q('m3'));
    expect([ids(a), ids(b), ids(c)]).to.deep.equal([['m1'], ['m1', 'm2'], ['m1', 'm2', 'm3']]);
    // Extending an older version again copies instead of overwriting what the newer ones hold.
    const b2 = a.push(q('x'));
    expect([ids(b2), ids(b), ids(c)]).to.deep.equal([
      ['m1', 'x'],
      ['m1', 'm2'],
      ['m1', 'm2', 'm3'],
    ]);
  });

  it('counts the sent prefix: from the store, and as chats are written', () => {
    const restored = ChatQueue.of([q('a', true), q('b', true), q('c')]);
    expect(restored.sent).to.equal(2);
    expect(restored.sentUpTo(3).sent).to.equal(3);
    expect(restored.sentUpTo(1)).to.equal(restored);
    expect(restored.dropHead(1).sent).to.equal(1);
  });

  it('acks at the head drop a run; an ack in the middle rebuilds once; only sent chats can be acked', () => {
    const all = ChatQueue.of(['a', 'b', 'c', 'd', 'e'].map((id) => q(id))).sentUpTo(4);
    const head = all.without(new Set(['a', 'b']));
    expect(ids(head.queue)).to.deep.equal(['c', 'd', 'e']);
    expect(head.dropped.map((d) => [d.item.chat.id, d.index])).to.deep.equal([
      ['a', 0],
      ['b', 1],
    ]);
    expect(head.queue.sent).to.equal(2);
    const middle = all.without(new Set(['a', 'c', 'e', 'gone']));
    expect(ids(middle.queue)).to.deep.equal(['b', 'd', 'e']);
    expect(middle.dropped.map((d) => d.index)).to.deep.equal([0, 2]);
    expect(middle.queue.sent).to.equal(2);
    expect(ids(all)).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
  });
});
