import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { decodeMessage, decodeValue } from '../../../src/wire/protocol/decode.js';
import { encodeMessage, toJson } from '../../../src/wire/protocol/encode.js';
import { chunkOf, Offer, offerProblem, wantOf } from '../../../src/wire/protocol/files.js';
import { pieceBytesFor, pieceCount, segmentsOf } from '../../../src/wire/protocol/file-layout.js';
import { freeName, pathError } from '../../../src/wire/protocol/safe-path.js';
import { LIMITS } from '../../../src/wire/protocol/limits.js';
import type { Message } from '../../../src/wire/protocol/messages.js';

const ID = 'e0000000-0000-4000-8000-000000000001';
const H = 'b'.repeat(64);
const offerOf = (fields: Record<string, unknown> = {}) => {
  const r = Offer.decode({
    id: ID,
    name: 'a',
    size: 3,
    files: [{ path: 'a', size: 3, sha256: H }],
    piece: LIMITS.pieceBytes,
    pieces: Buffer.alloc(32).toString('base64'),
    ...fields,
  });
  if (E.isLeft(r)) throw new Error('offer');
  return r.right;
};
const roundTrip = (m: Message) => {
  const r = decodeMessage(encodeMessage(m));
  if (E.isLeft(r)) throw new Error(`${r.left.code}: ${r.left.message}`);
  return r.right;
};

describe('files on the wire (issue 13)', () => {
  it('Offer, FileControl and Want round-trip through their codecs', () => {
    const offer: Message = { type: 'Offer', body: offerOf() };
    expect(roundTrip(offer)).to.deep.equal(offer);
    const control: Message = { type: 'FileControl', body: { id: ID, state: 'rejected', reason: 'NO_SPACE: 3 bytes needed' } } as Message;
    expect(roundTrip(control)).to.deep.equal(control);
    const want = wantOf(ID, 1_048_576, 65_536);
    expect(want && roundTrip({ type: 'Want', body: want })).to.deep.equal({ type: 'Want', body: want });
    expect(wantOf(ID, 0, LIMITS.wantBytes + 1)).to.equal(null);
  });

  it('a chunk is a binary frame (tag 0, JSON header, bytes) whose bytes come back as they went', () => {
    const data = Buffer.from([0, 1, 2, 0x7b, 255]);
    const c = chunkOf(ID, 65_536, data);
    const frame = encodeMessage({ type: 'FileChunk', body: c! });
    expect(frame[0]).to.equal(0);
    const back = roundTrip({ type: 'FileChunk', body: c! });
    expect(back.type === 'FileChunk' && back.body.data?.equals(data)).to.equal(true);
    expect(back.body).to.include({ id: ID, offset: 65_536, bytes: 5 });
  });

  it('bad chunk frames are refused by name: short, a header past the end, no bytes, too many bytes, JSON', () => {
    const code = (b: Buffer) => {
      const r = decodeMessage(b);
      return E.isLeft(r) ? r.left.code : 'OK';
    };
    expect(code(Buffer.from([0, 0]))).to.equal('BAD_FIELDS');
    expect(code(Buffer.from([0, 0, 200, 0x7b]))).to.equal('BAD_FIELDS');
    const head = Buffer.from(JSON.stringify({ id: ID, offset: 0 }));
    const frame = (n: number) => Buffer.concat([Buffer.from([0, 0, head.length]), head, Buffer.alloc(n)]);
    expect(code(frame(0))).to.equal('BAD_FIELDS');
    expect(code(frame(LIMITS.chunkBytes + 1))).to.equal('BAD_FIELDS');
    expect(code(frame(LIMITS.chunkBytes))).to.equal('OK');
    expect(code(Buffer.concat([Buffer.from([0, 0, 3]), Buffer.from('{x}')]))).to.equal('BAD_JSON');
    expect(code(Buffer.from(JSON.stringify({ FileChunk: { id: ID, offset: 0, bytes: 3 } })))).to.equal('BAD_FIELDS');
  });

  it('a recording keeps a chunk as its length and digest, and a replay decodes that form', () => {
    const recorded = JSON.parse(toJson({ type: 'FileChunk', body: { ...chunkOf(ID, 0, Buffer.from('abc'))!, sha256: H } })) as unknown;
    expect(recorded).to.deep.equal({ FileChunk: { id: ID, offset: 0, bytes: 3, sha256: H } });
    const r = decodeValue(recorded);
    expect(E.isRight(r) && r.right.body).to.deep.equal({ id: ID, offset: 0, bytes: 3, sha256: H });
  });

  it('offers that do not add up, or go past a limit, are named', () => {
    expect(offerProblem(offerOf())).to.equal(null);
    const code = (f: Record<string, unknown>) => offerProblem(offerOf(f))?.code;
    expect(code({ size: 4 })).to.equal('BAD_OFFER');
    expect(code({ piece: 4096 })).to.equal('BAD_OFFER');
    expect(code({ pieces: '' })).to.equal('BAD_OFFER');
    expect(code({ name: 'b' })).to.equal('UNSAFE_NAME'); // a file outside the offer's own name
    expect(
      code({
        name: 'a',
        size: 2,
        files: [
          { path: 'a', size: 1, sha256: H },
          { path: 'a', size: 1, sha256: H },
        ],
      }),
    ).to.equal('BAD_OFFER');
    expect(
      code({
        name: 'a',
        size: 2,
        files: [
          { path: 'a/x', size: 1, sha256: H },
          { path: 'a/x/y', size: 1, sha256: H },
        ],
      }),
    ).to.equal('BAD_OFFER');
  });

  describe('received names (a table of hostile ones)', () => {
    const refused: Array<[string, RegExp]> = [
      ['../../etc/passwd', /step out/],
      ['a/../../b', /step out/],
      ['./a', /step out/],
      ['/etc/passwd', /absolute/],
      ['C:/Windows/win.ini', /drive letter/],
      ['a\\..\\b', /reserved character/],
      ['a//b', /empty name/],
      ['a/', /empty name/],
      ['CON', /device name/],
      ['a/nul.txt', /device name/],
      ['com1', /device name/],
      ['LPT9.log', /device name/],
      ['bad\u0000name', /control/],
      ['bell\u0007', /control/],
      ['new\nline', /control/],
      ['what?', /reserved/],
      ['a:b', /drive letter/],
      ['ab:c', /reserved/],
      ['invoice\u202Efdp.exe', /displays/],
      ['zero\u200Bwidth', /displays/],
      ['trailing.', /dot or a space/],
      ['trailing ', /dot or a space/],
      ['cafe\u0301', /normal form/],
      ['x'.repeat(256), /over 255 bytes/],
      [Array.from({ length: 33 }, () => 'd').join('/'), /deeper than 32/],
      [`${'a/'.repeat(600)}b`, /over 1024 bytes/],
    ];
    for (const [name, why] of refused) it(`refuses ${JSON.stringify(name.slice(0, 40))}`, () => expect(pathError(name)).to.match(why));
    for (const name of ['report.pdf', 'photos/2026/beach.jpg', 'Ünïcödé ñame.txt', '.hidden', 'con-artist.txt', 'a b/c d'])
      it(`takes ${JSON.stringify(name)}`, () => expect(pathError(name)).to.equal(null));
  });

  it('a clash gets a numbered name', () => {
    const taken = new Set(['report.pdf', 'report (1).pdf', 'photos']);
    expect(freeName('report.pdf', (c) => taken.has(c))).to.equal('report (2).pdf');
    expect(freeName('photos', (c) => taken.has(c))).to.equal('photos (1)');
    expect(freeName('new.txt', (c) => taken.has(c))).to.equal('new.txt');
  });

  it('pieces: 1 MiB until the hash list would pass its limit, then doubling; ranges map onto the files end to end', () => {
    expect(pieceBytesFor(50 * 2 ** 20)).to.equal(2 ** 20);
    expect(pieceBytesFor(2 ** 30)).to.equal(2 ** 20);
    const p = pieceBytesFor(10 * 2 ** 30);
    expect(pieceCount(10 * 2 ** 30, p)).to.be.at.most(LIMITS.transferPieces);
    expect(segmentsOf([3, 0, 5, 2], 2, 5)).to.deep.equal([
      { file: 0, at: 2, from: 0, bytes: 1 },
      { file: 2, at: 0, from: 1, bytes: 4 },
    ]);
  });
});
