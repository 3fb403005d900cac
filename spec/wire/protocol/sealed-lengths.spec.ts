import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { SealedLengthWatch } from '../../../src/wire/protocol/sealed-lengths.js';
import { LIMITS } from '../../../src/wire/protocol/limits.js';

/** One sealed message as secret-stream puts it on the wire: 3-byte LE length, then the bytes. */
const sealed = (n: number) => {
  const b = Buffer.alloc(3 + n, 0xaa);
  b.writeUIntLE(n, 0, 3);
  return b;
};

describe('SealedLengthWatch', () => {
  it('lets through messages up to the limit, split at every byte', () => {
    const w = new SealedLengthWatch(100);
    const bytes = Buffer.concat([sealed(0), sealed(1), sealed(100), sealed(37)]);
    for (const b of bytes) expect(E.isRight(w.push(Buffer.from([b])))).to.equal(true);
  });

  it('lets through many messages in one chunk', () => {
    const w = new SealedLengthWatch(100);
    const bytes = Buffer.concat(Array.from({ length: 50 }, (_, i) => sealed(i * 2)));
    expect(E.isRight(w.push(bytes))).to.equal(true);
  });

  it('refuses an oversized length from its three bytes alone, and stays failed', () => {
    const w = new SealedLengthWatch(LIMITS.sealedMessageBytes);
    const head = Buffer.alloc(3);
    head.writeUIntLE(16 * 1024 * 1024 - 2, 0, 3);
    expect(E.isRight(w.push(sealed(300)))).to.equal(true);
    expect(E.isRight(w.push(head.subarray(0, 2)))).to.equal(true);
    const r = w.push(head.subarray(2));
    expect(E.isLeft(r) && r.left.code).to.equal('FRAME_TOO_LARGE');
    expect(E.isLeft(w.push(sealed(1)))).to.equal(true);
  });

  it("allows the largest frame we send: a full frame and secretstream's tag", () => {
    const w = new SealedLengthWatch();
    expect(E.isRight(w.push(sealed(LIMITS.frameBytes + 4 + 17)))).to.equal(true);
    expect(E.isLeft(w.push(sealed(LIMITS.frameBytes + 4 + 18).subarray(0, 3)))).to.equal(true);
  });
});
