import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { decodeMessage, jsonDepth } from '../../../src/wire/protocol/decode.js';
import { encodeMessage, legacyChat, toJson } from '../../../src/wire/protocol/encode.js';
import type { Message } from '../../../src/wire/protocol/messages.js';

const ORIGINAL = {
  discovery: '{"Discovery":{"id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","name":"Alice","ip":"10.200.77.1","port":8080}}',
  heartbeat: '{"Heartbeat":"b628dd37-5b4f-41f9-9c4b-174e78bd463b"}',
  chat: '{"Chat":{"from_id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","from_name":"Alice","content":"Hello Bob!","timestamp":1795544230}}',
  exit: '{"Exit":"b628dd37-5b4f-41f9-9c4b-174e78bd463b"}',
};

const decodeText = (s: string) => decodeMessage(Buffer.from(s, 'utf8'));
const right = (s: string): Message => {
  const r = decodeText(s);
  if (E.isLeft(r)) throw new Error(`${r.left.code}: ${r.left.message}`);
  return r.right;
};
const codeOf = (bytes: Buffer | string, max?: number) => {
  const r = decodeMessage(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, max);
  return E.isLeft(r) ? r.left.code : 'OK';
};

describe('protocol codec', () => {
  describe('the original messages, byte for byte', () => {
    for (const [kind, text] of Object.entries(ORIGINAL)) {
      it(`${kind} decodes and re-encodes to the same bytes`, () => {
        const m = right(text);
        expect(encodeMessage(m).equals(Buffer.from(text, 'utf8'))).to.equal(true, toJson(m));
      });
    }

    it('the Discovery example is 105 bytes', () => {
      expect(Buffer.byteLength(ORIGINAL.discovery)).to.equal(105);
    });

    it('keeps non-ASCII raw (serde writes UTF-8, not \\u escapes)', () => {
      const text = '{"Chat":{"from_id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","from_name":"Zoë","content":"ça va? 👋","timestamp":1}}';
      expect(encodeMessage(right(text)).toString('utf8')).to.equal(text);
    });

    it('ignores unknown fields, as the original does', () => {
      const m = right('{"Discovery":{"id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","name":"A","ip":"1.2.3.4","port":1,"future":[1,2]}}');
      expect(m.type).to.equal('Discovery');
    });

    it('our superset Discovery carries the version after the original fields', () => {
      const m = right('{"Discovery":{"id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","name":"A","ip":"1.2.3.4","port":1,"version":1}}');
      expect(toJson(m)).to.equal(
        '{"Discovery":{"id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","name":"A","ip":"1.2.3.4","port":1,"version":1}}',
      );
    });

    it('legacyChat strips our fields back to the original four', () => {
      const m = right(
        '{"Chat":{"from_id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","from_name":"Alice","content":"Hello Bob!","timestamp":1795544230,"id":"x","private":true}}',
      );
      if (m.type !== 'Chat') throw new Error('not chat');
      expect(toJson(legacyChat(m.body))).to.equal(ORIGINAL.chat);
    });
  });

  describe('round trips of our messages', () => {
    const samples: Message[] = [
      { type: 'Hello', body: { id: 'b628dd37-5b4f-41f9-9c4b-174e78bd463b', name: 'n', port: 9, version: 1 } as never },
      { type: 'Ping', body: { seq: 3, sent: 1234.5 } as never },
      { type: 'Pong', body: { seq: 0, sent: 0 } as never },
      {
        type: 'Chat',
        body: {
          from_id: 'b628dd37-5b4f-41f9-9c4b-174e78bd463b',
          from_name: 'a',
          content: 'x\n"y"',
          timestamp: 5,
          id: 'i',
          private: false,
        } as never,
      },
      {
        type: 'Chat',
        body: {
          from_id: 'b628dd37-5b4f-41f9-9c4b-174e78bd463b',
          from_name: 'a',
          content: 'room',
          timestamp: 5,
          id: 'i',
          private: false,
          seq: 7,
          sig: 'c2ln',
        } as never,
      },
      { type: 'Ack', body: { ids: ['i1', 'i2'] } },
      { type: 'Have', body: { authors: { 'b628dd37-5b4f-41f9-9c4b-174e78bd463b': 12 } } as never },
      {
        type: 'Relay',
        body: {
          chat: { from_id: 'b628dd37-5b4f-41f9-9c4b-174e78bd463b', from_name: 'a', content: 'c', timestamp: 5, id: 'i', seq: 1, sig: 's' },
          key: 'k',
        } as never,
      },
      { type: 'Links', body: { peers: ['b628dd37-5b4f-41f9-9c4b-174e78bd463b'] } as never },
      { type: 'Links', body: { peers: [] } },
    ];
    for (const m of samples) {
      it(`${m.type}`, () => {
        const back = decodeMessage(encodeMessage(m));
        expect(E.isRight(back) && back.right).to.deep.equal(m);
      });
    }
  });

  it('an Ack with no ids, or over the limit, is refused', () => {
    expect(E.isLeft(decodeMessage(Buffer.from('{"Ack":{"ids":[]}}')))).to.equal(true);
    const many = JSON.stringify({ Ack: { ids: Array.from({ length: 513 }, (_, i) => `i${i}`) } });
    expect(E.isLeft(decodeMessage(Buffer.from(many)))).to.equal(true);
  });

  it('a Links frame naming more peers than a node keeps, or a non-id, is refused', () => {
    const many = JSON.stringify({ Links: { peers: Array.from({ length: 257 }, () => 'b628dd37-5b4f-41f9-9c4b-174e78bd463b') } });
    expect(E.isLeft(decodeMessage(Buffer.from(many)))).to.equal(true);
    expect(E.isLeft(decodeMessage(Buffer.from('{"Links":{"peers":["not an id"]}}')))).to.equal(true);
  });

  describe('bad input gets its named error', () => {
    const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
    const table: Array<[string, Buffer | string, string, number?]> = [
      ['truncated JSON', ORIGINAL.chat.slice(0, 40), 'BAD_JSON'],
      ['empty', '', 'BAD_JSON'],
      ['not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 'NOT_UTF8'],
      ['too deep', `{"Chat":${deep}}`, 'TOO_DEEP'],
      ['huge', Buffer.alloc(2000, 0x20), 'FRAME_TOO_LARGE', 1024],
      ['an array', '[1,2]', 'NOT_A_MESSAGE'],
      ['a string', '"Heartbeat"', 'NOT_A_MESSAGE'],
      [
        'two variants',
        `{"Exit":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","Heartbeat":"b628dd37-5b4f-41f9-9c4b-174e78bd463b"}`,
        'NOT_A_MESSAGE',
      ],
      ['unknown variant', '{"Shout":"hi"}', 'UNKNOWN_VARIANT'],
      ['prototype key', '{"__proto__":{}}', 'UNKNOWN_VARIANT'],
      ['wrong type', '{"Discovery":{"id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","name":"A","ip":"1.2.3.4","port":"8080"}}', 'BAD_FIELDS'],
      [
        'port out of range',
        '{"Discovery":{"id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","name":"A","ip":"1.2.3.4","port":70000}}',
        'BAD_FIELDS',
      ],
      ['not a uuid', '{"Exit":"alice"}', 'BAD_FIELDS'],
      ['missing field', '{"Chat":{"from_id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","from_name":"A","content":"x"}}', 'BAD_FIELDS'],
      [
        'float timestamp',
        '{"Chat":{"from_id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","from_name":"A","content":"x","timestamp":1.5}}',
        'BAD_FIELDS',
      ],
      [
        'name too long',
        `{"Discovery":{"id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","name":"${'n'.repeat(65)}","ip":"1.2.3.4","port":1}}`,
        'NAME_TOO_LONG',
      ],
      [
        'content too long',
        `{"Chat":{"from_id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","from_name":"A","content":"${'c'.repeat(70000)}","timestamp":1}}`,
        'CONTENT_TOO_LONG',
      ],
    ];
    for (const [what, input, code, max] of table) {
      it(`${what} → ${code}`, () => expect(codeOf(input, max)).to.equal(code));
    }

    it('error messages name the field that failed', () => {
      const r = decodeText('{"Discovery":{"id":"b628dd37-5b4f-41f9-9c4b-174e78bd463b","name":"A","ip":"1.2.3.4","port":"8080"}}');
      expect(E.isLeft(r) && r.left.message).to.match(/Discovery: port/);
    });
  });

  it('jsonDepth ignores brackets inside strings', () => {
    expect(jsonDepth('{"a":"[[[[{{{{\\"]]"}')).to.equal(1);
    expect(jsonDepth('[[[]]]')).to.equal(3);
  });
});
