import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { createActor } from 'xstate';
import { transfersMachine } from '../../machines/transfers.machine.js';
import type { TransferEmitted, TransferEvent, TransferView } from '../../machines/transfer-events.js';
import { pieceBytesFor, pieceCount, pieceSpan } from '../../src/wire/protocol/file-layout.js';
import { LIMITS } from '../../src/wire/protocol/limits.js';
import type { Offer } from '../../src/wire/protocol/files.js';
import type { Message } from '../../src/wire/protocol/messages.js';

const A = 'a0000000-0000-4000-8000-000000000001';
const B = 'b0000000-0000-4000-8000-000000000002';
const T = 'c0000000-0000-4000-8000-000000000003';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** An offer of one file holding `data`, as the disk adapter would build it. */
function offerOf(data: Buffer, name = 'f.bin'): Offer {
  const piece = pieceBytesFor(data.length);
  const digests = [];
  for (let i = 0; i < pieceCount(data.length, piece); i++) {
    const s = pieceSpan(data.length, piece, i);
    digests.push(
      createHash('sha256')
        .update(data.subarray(s.offset, s.offset + s.bytes))
        .digest(),
    );
  }
  const o = {
    id: T,
    name,
    size: data.length,
    files: [{ path: name, size: data.length, sha256: sha(data) }],
    piece,
    pieces: Buffer.concat(digests).toString('base64'),
  };
  return o as Offer; // the spec's own, well-formed offer (the codec's specs check decoding)
}

/**
 * Two transfer supervisors joined by a pretend link and a pretend disk, run
 * step by step from one queue: every message, write and check is an event, so
 * a spec can cut the link, corrupt a chunk or count bytes at any step.
 */
function world(data: Buffer, opts: { corrupt?: (offset: number) => boolean } = {}) {
  const restore = {
    window: LIMITS.transferWindowBytes,
    wantBytes: LIMITS.wantBytes,
    retries: LIMITS.pieceRetries,
    offersPerPeer: 2,
    restore: [],
    at: 0,
  };
  const sender = createActor(transfersMachine, { input: restore });
  const receiver = createActor(transfersMachine, { input: restore });
  const disk = Buffer.alloc(data.length);
  const queue: Array<() => void> = [];
  const views: TransferView[] = [];
  const errors: string[] = [];
  let link: string | null = 'L1';
  let served = 0;
  const deliver = (to: typeof sender, from: string, linkId: string, m: Message) => {
    const at = 0;
    const e: TransferEvent | null =
      m.type === 'Offer'
        ? { type: 'OFFER_IN', peerId: from, peerName: 'alice', linkId, offer: m.body, trusted: false, at }
        : m.type === 'FileControl'
          ? { type: 'FILE_CTRL_IN', peerId: from, linkId, control: m.body, at }
          : m.type === 'Want'
            ? { type: 'WANT_IN', peerId: from, linkId, want: m.body, at }
            : m.type === 'FileChunk'
              ? { type: 'CHUNK_IN', peerId: from, linkId, chunk: m.body, at }
              : null;
    if (e) queue.push(() => link === linkId && to.send(e));
  };
  const wire = (self: typeof sender, other: typeof sender, selfId: string) => (e: TransferEmitted) => {
    if (e.type === 'send') deliver(other, selfId, e.linkId, e.message);
    else if (e.type === 'transfer') views.push(e.transfer);
    else if (e.type === 'error') errors.push(e.error.code);
    else if (e.type === 'fileOpen') queue.push(() => e.check && self.send({ type: 'OPENED', id: e.id, error: null, at: 0 }));
    else if (e.type === 'fileServe') {
      served += e.bytes;
      for (let o = e.offset; o < e.offset + e.bytes; o += LIMITS.chunkBytes) {
        const bytes = Math.min(LIMITS.chunkBytes, e.offset + e.bytes - o);
        const chunk = Buffer.from(data.subarray(o, o + bytes));
        if (opts.corrupt?.(o)) chunk[0] = (chunk[0] ?? 0) ^ 0xff;
        deliver(other, selfId, e.linkId, { type: 'FileChunk', body: { id: e.id, offset: o, bytes, data: chunk } as never });
      }
    } else if (e.type === 'fileWrite')
      queue.push(() => {
        e.data?.copy(disk, e.offset);
        self.send({ type: 'WRITTEN', id: e.id, pass: e.pass, offset: e.offset, bytes: e.bytes, at: 0 });
      });
    else if (e.type === 'fileCheck') {
      const s = pieceSpan(data.length, pieceBytesFor(data.length), e.piece);
      queue.push(() =>
        self.send({
          type: 'PIECE_CHECKED',
          id: e.id,
          pass: e.pass,
          piece: e.piece,
          sha256: sha(disk.subarray(s.offset, s.offset + s.bytes)),
          at: 0,
        }),
      );
    } else if (e.type === 'fileFinish')
      queue.push(() => self.send({ type: 'FINISHED', id: e.id, error: disk.equals(data) ? null : 'hash', path: '/d/f.bin', at: 0 }));
  };
  sender.on('*', wire(sender, receiver, A));
  receiver.on('*', wire(receiver, sender, B));
  sender.start();
  receiver.start();
  const linkUp = (id: string | null) => {
    link = id;
    sender.send({ type: 'PEER_LINK', peerId: B, name: 'bob', linkId: id, at: 0 });
    receiver.send({ type: 'PEER_LINK', peerId: A, name: 'alice', linkId: id, at: 0 });
  };
  linkUp('L1');
  /** Runs queued steps until none is left, or `until` says stop. */
  const run = (until: () => boolean = () => false) => {
    for (let step = 0; queue.length > 0 && step < 1_000_000; step++) {
      if (until()) return;
      queue.shift()?.();
    }
  };
  const last = (dir: 'incoming' | 'outgoing') => views.filter((v) => v.direction === dir).at(-1);
  return { sender, receiver, disk, views, errors, run, linkUp, last, served: () => served, drop: () => queue.splice(0) };
}

describe('transfer machines', () => {
  const data = randomBytes(5 * 1024 * 1024 + 12345);

  it('offer, accept, pull in a window, check each piece, finish: the receiver holds the same bytes', () => {
    const w = world(data);
    w.sender.send({ type: 'OFFER_OUT', peerId: B, peerName: 'bob', offer: offerOf(data), source: '/src/f.bin', at: 0 });
    w.run();
    expect(w.last('incoming')?.state).to.equal('offered');
    w.receiver.send({ type: 'ANSWER', id: T, accept: true, at: 0 });
    w.run();
    expect(w.disk.equals(data)).to.equal(true);
    expect(w.last('incoming')).to.include({ state: 'done', bytes: data.length });
    expect(w.last('outgoing')?.state).to.equal('done');
    expect(w.served()).to.equal(data.length);
    expect(Object.keys(w.receiver.getSnapshot().context.transfers)).to.deep.equal([]);
  });

  it('a corrupted chunk fails its piece check: the piece is fetched again and the file still ends whole', () => {
    let corrupted = 0;
    const w = world(data, { corrupt: (o) => o === 3 * 1024 * 1024 + LIMITS.chunkBytes && corrupted++ === 0 });
    w.sender.send({ type: 'OFFER_OUT', peerId: B, peerName: 'bob', offer: offerOf(data), source: '/src/f.bin', at: 0 });
    w.run();
    w.receiver.send({ type: 'ANSWER', id: T, accept: true, at: 0 });
    w.run();
    expect(w.errors).to.deep.equal(['BAD_PIECE']);
    expect(w.last('incoming')?.state).to.equal('done');
    expect(w.disk.equals(data)).to.equal(true);
    expect(w.served()).to.equal(data.length + 1024 * 1024); // the one piece, once more
  });

  it('a break pauses both sides; the next link resumes from the first unverified piece, re-sending at most one window', () => {
    const w = world(data);
    w.sender.send({ type: 'OFFER_OUT', peerId: B, peerName: 'bob', offer: offerOf(data), source: '/src/f.bin', at: 0 });
    w.run();
    w.receiver.send({ type: 'ANSWER', id: T, accept: true, at: 0 });
    w.run(() => (w.last('incoming')?.bytes ?? 0) >= 2 * 1024 * 1024);
    w.linkUp(null);
    w.drop();
    expect(w.last('incoming')?.state).to.equal('paused');
    const verified = w.last('incoming')?.bytes ?? 0;
    w.linkUp('L2');
    w.run();
    expect(w.last('incoming')?.state).to.equal('done');
    expect(w.disk.equals(data)).to.equal(true);
    const resent = w.served() - data.length;
    expect(resent).to.be.at.most(LIMITS.transferWindowBytes);
    expect(verified).to.be.at.least(2 * 1024 * 1024);
  });

  it('refuses hostile offers before anyone is asked, and tells the sender why', () => {
    const w = world(data);
    const offer = offerOf(data);
    const hostile: Array<[string, Offer]> = [
      [
        'UNSAFE_NAME',
        {
          ...offer,
          id: 'c0000000-0000-4000-8000-000000000010' as never,
          name: '..',
          files: [{ ...offer.files[0]!, path: '../../etc/passwd' }],
        },
      ],
      ['BAD_OFFER', { ...offer, id: 'c0000000-0000-4000-8000-000000000011' as never, size: (2 ** 60) as never }],
      ['BAD_OFFER', { ...offer, id: 'c0000000-0000-4000-8000-000000000012' as never, size: (offer.size + 1) as never }],
    ];
    for (const [, o] of hostile)
      w.receiver.send({ type: 'OFFER_IN', peerId: A, peerName: 'alice', linkId: 'L1', offer: o, trusted: false, at: 0 });
    w.run();
    expect(w.errors).to.deep.equal(hostile.map(([code]) => code));
    expect(Object.keys(w.receiver.getSnapshot().context.transfers)).to.deep.equal([]);
  });
  it('an offer from a trusted peer (--accept-from trusted) is accepted without asking', () => {
    const w = world(data);
    w.receiver.send({ type: 'OFFER_IN', peerId: A, peerName: 'alice', linkId: 'L1', offer: offerOf(data), trusted: true, at: 0 });
    w.run();
    const states = w.views.filter((v) => v.direction === 'incoming').map((v) => v.state);
    expect(states.slice(0, 2)).to.deep.equal(['offered', 'accepted']);
  });
});
