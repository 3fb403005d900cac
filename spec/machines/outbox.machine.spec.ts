import { expect } from 'chai';
import { createActor, createMachine, sendTo, SimulatedClock } from 'xstate';
import { outboxMachine, type OutboxEvent } from '../../machines/outbox.machine.js';
import type { Queued } from '../../machines/chat-queue.js';
import type { DeliveryState, Emitted } from '../../machines/events.js';
import type { EmitEvent } from '../../machines/peer-context.js';
import type { Chat } from '../../src/wire/protocol/messages.js';

const BOB = 'b628dd37-5b4f-41f9-9c4b-174e78bd463b';
const chat = (id: string) =>
  ({ id, from_id: '00000000-0000-4000-8000-000000000001', from_name: 'me', content: id, timestamp: 1 }) as Chat & { id: string };

/** An outbox under a parent that collects what it emits, on a simulated clock. */
function start(opts: { window?: number; expireAfter?: number; maxQueued?: number; linkId?: string | null; queue?: Queued[] } = {}) {
  const clock = new SimulatedClock();
  const out: Emitted[] = [];
  const parent = createMachine({
    invoke: {
      id: 'box',
      src: outboxMachine,
      input: {
        peerId: BOB,
        peerName: 'bob',
        linkId: opts.linkId ?? null,
        window: opts.window ?? 2,
        expireAfter: opts.expireAfter ?? 10_000,
        maxQueued: opts.maxQueued ?? 100,
        queue: opts.queue ?? [],
        at: 0,
      },
    },
    on: {
      EMIT: { actions: ({ event }) => out.push((event as EmitEvent).emitted) },
      FWD: { actions: sendTo('box', ({ event }) => (event as unknown as { e: OutboxEvent }).e) },
    },
  });
  const actor = createActor(parent, { clock }).start();
  const send = (e: OutboxEvent) => actor.send({ type: 'FWD', e });
  const sent = () => out.flatMap((e) => (e.type === 'send' && e.message.type === 'Chat' ? [`${e.linkId}:${e.message.body.id}`] : []));
  const states = (s: DeliveryState) => out.flatMap((e) => (e.type === 'delivery' && e.delivery.state === s ? [e.delivery.id] : []));
  return { clock, out, send, sent, states, stop: () => actor.stop() };
}

describe('outbox machine', () => {
  it('queues while the recipient is away and sends everything, in order, on its link', () => {
    const b = start();
    b.send({ type: 'ENQUEUE', chat: chat('m1'), at: 1 });
    expect(b.states('queued')).to.deep.equal(['m1']);
    expect(b.sent()).to.deep.equal([]);
    b.send({ type: 'LINK', linkId: 'L1', name: 'bob', at: 2 });
    expect(b.sent()).to.deep.equal(['L1:m1']);
    expect(b.states('sent')).to.deep.equal(['m1']);
    b.stop();
  });

  it('keeps at most `window` chats unacknowledged on a link; each ack opens the window again', () => {
    const b = start({ linkId: 'L1', window: 2 });
    for (const id of ['m1', 'm2', 'm3', 'm4']) b.send({ type: 'ENQUEUE', chat: chat(id), at: 1 });
    expect(b.sent()).to.deep.equal(['L1:m1', 'L1:m2']);
    b.send({ type: 'ACK', ids: ['m1'], at: 2 });
    expect(b.sent()).to.deep.equal(['L1:m1', 'L1:m2', 'L1:m3']);
    b.send({ type: 'ACK', ids: ['m2', 'm3'], at: 3 });
    expect(b.sent()).to.deep.equal(['L1:m1', 'L1:m2', 'L1:m3', 'L1:m4']);
    expect(b.states('delivered')).to.deep.equal(['m1', 'm2', 'm3']);
    b.stop();
  });

  it('a lost link: everything unacknowledged goes again, in order, on the next one', () => {
    const b = start({ linkId: 'L1', window: 8 });
    for (const id of ['m1', 'm2', 'm3']) b.send({ type: 'ENQUEUE', chat: chat(id), at: 1 });
    b.send({ type: 'ACK', ids: ['m1'], at: 2 });
    b.send({ type: 'LINK', linkId: null, name: 'bob', at: 3 });
    b.send({ type: 'ENQUEUE', chat: chat('m4'), at: 4 });
    b.send({ type: 'LINK', linkId: 'L2', name: 'bob', at: 5 });
    expect(b.sent().filter((s) => s.startsWith('L2'))).to.deep.equal(['L2:m2', 'L2:m3', 'L2:m4']);
    // `sent` is reported once per chat, however often it goes.
    expect(b.states('sent')).to.deep.equal(['m1', 'm2', 'm3', 'm4']);
    b.stop();
  });

  it('a late ack from a replaced link still settles; a repeated ack settles nothing twice', () => {
    const b = start({ linkId: 'L1' });
    b.send({ type: 'ENQUEUE', chat: chat('m1'), at: 1 });
    b.send({ type: 'LINK', linkId: null, name: 'bob', at: 2 });
    b.send({ type: 'ACK', ids: ['m1'], at: 3 });
    b.send({ type: 'ACK', ids: ['m1'], at: 4 });
    expect(b.states('delivered')).to.deep.equal(['m1']);
    b.send({ type: 'LINK', linkId: 'L2', name: 'bob', at: 5 });
    expect(b.sent()).to.deep.equal(['L1:m1']);
    b.stop();
  });

  it('expires what waited too long, oldest first, on the virtual clock', () => {
    const b = start({ expireAfter: 10_000 });
    b.send({ type: 'ENQUEUE', chat: chat('m1'), at: 0 });
    b.clock.increment(4_000);
    b.send({ type: 'ENQUEUE', chat: chat('m2'), at: 4_000 });
    b.clock.increment(5_999);
    expect(b.states('expired')).to.deep.equal([]);
    b.clock.increment(1);
    expect(b.states('expired')).to.deep.equal(['m1']);
    b.clock.increment(4_000);
    expect(b.states('expired')).to.deep.equal(['m1', 'm2']);
    b.send({ type: 'LINK', linkId: 'L1', name: 'bob', at: 15_000 });
    expect(b.sent()).to.deep.equal([]);
    b.stop();
  });

  it('keeps at most maxQueued chats for one recipient: the oldest expires at once', () => {
    const b = start({ maxQueued: 2 });
    for (const id of ['m1', 'm2', 'm3']) b.send({ type: 'ENQUEUE', chat: chat(id), at: 1 });
    expect(b.states('expired')).to.deep.equal(['m1']);
    b.send({ type: 'LINK', linkId: 'L1', name: 'bob', at: 2 });
    expect(b.sent()).to.deep.equal(['L1:m2', 'L1:m3']);
    b.stop();
  });

  it('resumes a queue the store kept across a restart', () => {
    const b = start({
      queue: [
        { chat: chat('old1'), queuedAt: 0, sent: true },
        { chat: chat('old2'), queuedAt: 0, sent: true },
      ],
      window: 8,
    });
    b.send({ type: 'LINK', linkId: 'L9', name: 'bob', at: 1 });
    expect(b.sent()).to.deep.equal(['L9:old1', 'L9:old2']);
    b.stop();
  });
});
