import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { classifyPreface, encodeFrame, FrameDecoder, PREFACE } from '../../../src/wire/protocol/frame.js';

const frame = (s: string) => {
  const f = encodeFrame(Buffer.from(s));
  if (E.isLeft(f)) throw new Error(f.left.code);
  return f.right;
};
const texts = (r: E.Either<unknown, Buffer[]>) => (E.isRight(r) ? r.right.map((b) => b.toString()) : r);

describe('frame', () => {
  it('tells a legacy connection, ours, and garbage apart by the first bytes', () => {
    expect(classifyPreface(Buffer.from('{"Chat"'))).to.equal('legacy');
    expect(classifyPreface(PREFACE)).to.equal('native');
    expect(classifyPreface(PREFACE.subarray(0, 2))).to.equal('undecided');
    expect(classifyPreface(Buffer.alloc(0))).to.equal('undecided');
    expect(classifyPreface(Buffer.from('GET / HTTP/1.1'))).to.equal('unknown');
  });

  it('reassembles frames split at every byte', () => {
    const bytes = Buffer.concat([frame('one'), frame(''), frame('three')]);
    const d = new FrameDecoder();
    const out: string[] = [];
    for (const b of bytes) {
      const r = d.push(Buffer.from([b]));
      if (E.isLeft(r)) throw new Error(r.left.code);
      out.push(...r.right.map((x) => x.toString()));
    }
    expect(out).to.deep.equal(['one', '', 'three']);
    expect(d.pending).to.equal(0);
  });

  it('returns several frames from one chunk, keeping a partial tail', () => {
    const d = new FrameDecoder();
    const all = Buffer.concat([frame('a'), frame('b'), frame('cc')]);
    expect(texts(d.push(all.subarray(0, all.length - 1)))).to.deep.equal(['a', 'b']);
    expect(texts(d.push(all.subarray(all.length - 1)))).to.deep.equal(['cc']);
  });

  it('a length over the limit fails at the header, before buffering the body', () => {
    const d = new FrameDecoder(16);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(17);
    const r = d.push(head);
    expect(E.isLeft(r) && r.left.code).to.equal('FRAME_TOO_LARGE');
    expect(d.pending).to.equal(0);
    // Once framing is lost the stream stays failed.
    expect(E.isLeft(d.push(frame('x')))).to.equal(true);
  });

  it('refuses to encode a frame over the limit', () => {
    const r = encodeFrame(Buffer.alloc(17), 16);
    expect(E.isLeft(r) && r.left.code).to.equal('FRAME_TOO_LARGE');
  });

  it('a frame exactly at the limit passes', () => {
    const d = new FrameDecoder(16);
    const f = encodeFrame(Buffer.alloc(16, 0x61), 16);
    if (E.isLeft(f)) throw new Error('encode');
    expect(texts(d.push(f.right))).to.deep.equal(['a'.repeat(16)]);
  });
});
