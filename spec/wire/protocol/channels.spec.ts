import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { LAN_CHANNEL, lanChannelId } from '../../../src/wire/protocol/channel-id.js';
import { decodeMessage } from '../../../src/wire/protocol/decode.js';
import { encodeMessage, legacyChat, toJson } from '../../../src/wire/protocol/encode.js';
import { LIMITS } from '../../../src/wire/protocol/limits.js';
import { chatChannel, chatOf, type Message } from '../../../src/wire/protocol/messages.js';

const ID = 'b628dd37-5b4f-41f9-9c4b-174e78bd463b';
const PROOF = Buffer.alloc(32, 9).toString('base64url');
const SECRET_ID = `~${'0123456789abcdef'.repeat(2)}`;
const lanId = (name: string) => {
  const r = lanChannelId(name);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};
const OPS = lanId('ops');
const TEAM = lanId('team');

/** A room chat as our nodes wrote it before channels (the golden bytes of src/wire/identity/chat-signature.spec.ts). */
const BEFORE = `{"Chat":{"from_id":"${ID}","from_name":"alice","content":"hello room","timestamp":100,"id":"m1","seq":3,"sig":"c2ln"}}`;
const fields = { id: 'm1', from_id: ID, from_name: 'alice', content: 'hello room', timestamp: 100, seq: 3, sig: 'c2ln' };
const decoded = (text: string): Message => {
  const r = decodeMessage(Buffer.from(text, 'utf8'));
  if (E.isLeft(r)) throw new Error(`${r.left.code}: ${r.left.message}`);
  return r.right;
};
const codeOf = (text: string) => {
  const r = decodeMessage(Buffer.from(text, 'utf8'));
  return E.isLeft(r) ? r.left.code : 'OK';
};
const chatFrame = (channel?: string): Message => {
  const body = chatOf(channel === undefined ? fields : { ...fields, channel });
  if (!body) throw new Error(`not a chat in ${channel}`);
  return { type: 'Chat', body };
};

describe('channels on the wire (issue 23)', () => {
  describe("a chat's channel", () => {
    it('a #lan chat is written byte for byte as before channels, named or not', () => {
      expect(encodeMessage(chatFrame()).toString('utf8')).to.equal(BEFORE);
      expect(encodeMessage(chatFrame(LAN_CHANNEL)).toString('utf8')).to.equal(BEFORE);
      expect(toJson(decoded(BEFORE))).to.equal(BEFORE);
    });

    it('a chat of another channel carries it, after our other fields, and reads back', () => {
      for (const channel of [TEAM, SECRET_ID]) {
        const m = chatFrame(channel);
        const bytes = encodeMessage(m);
        expect(bytes.toString('utf8')).to.equal(`${BEFORE.slice(0, -2)},"channel":"${channel}"}}`);
        expect(decoded(bytes.toString('utf8'))).to.deep.equal(m);
      }
    });

    it('an original node is never sent the channel', () => {
      const m = chatFrame(OPS);
      if (m.type !== 'Chat') throw new Error('not a chat');
      expect(toJson(legacyChat(m.body))).to.equal(
        `{"Chat":{"from_id":"${ID}","from_name":"alice","content":"hello room","timestamp":100}}`,
      );
    });

    it('a chat naming no channel is in #lan, a private one in none', () => {
      const lan = chatOf(fields);
      const ops = chatOf({ ...fields, channel: OPS });
      const dm = chatOf({ ...fields, private: true });
      expect(lan && chatChannel(lan)).to.equal(LAN_CHANNEL);
      expect(ops && chatChannel(ops)).to.equal(OPS);
      expect(dm && chatChannel(dm)).to.equal(null);
    });

    it('a channel that is not an id, or one on a private chat, is refused', () => {
      const withChannel = (channel: unknown, extra = '') => `${BEFORE.slice(0, -2)}${extra},"channel":${JSON.stringify(channel)}}}`;
      for (const bad of ['#LAN', '#Ops', 'ops', '#a b', `#${'a'.repeat(40)}`, '~abc', 7, null, ['#ops']])
        expect(codeOf(withChannel(bad)), JSON.stringify(bad)).to.equal('BAD_FIELDS');
      expect(codeOf(withChannel(OPS, ',"private":true'))).to.equal('BAD_FIELDS');
      expect(codeOf(withChannel(LAN_CHANNEL, ',"private":true'))).to.equal('BAD_FIELDS');
      expect(chatOf({ ...fields, private: true, channel: OPS })).to.equal(null);
      expect(codeOf(`{"Relay":{"chat":${withChannel('#Ops').slice(8, -1)},"key":"k"}}`)).to.equal('BAD_FIELDS');
    });
  });

  describe('the Channels frame', () => {
    const frame = (lan: unknown, secret: unknown) => JSON.stringify({ Channels: { lan, secret } });

    it('round trips, as {"Channels":{"lan":[...],"secret":[...]}}', () => {
      const samples: Message[] = [
        { type: 'Channels', body: decodedChannels(frame([OPS, TEAM], [PROOF])) },
        { type: 'Channels', body: decodedChannels(frame([], [])) },
      ];
      for (const m of samples) {
        const back = decodeMessage(encodeMessage(m));
        expect(E.isRight(back) && back.right).to.deep.equal(m);
      }
      expect(encodeMessage(samples[0] ?? decoded(frame([], []))).toString()).to.equal(frame([OPS, TEAM], [PROOF]));
    });

    it(`takes up to ${LIMITS.channelsPerFrame} entries in each list`, () => {
      const lan = Array.from({ length: LIMITS.channelsPerFrame }, (_, i) => lanId(`c${i}`));
      const proofs = Array.from({ length: LIMITS.channelsPerFrame }, (_, i) => Buffer.alloc(32, i).toString('base64url'));
      expect(codeOf(frame(lan, proofs))).to.equal('OK');
    });

    describe('hostile input is refused (BAD_FIELDS)', () => {
      const many = LIMITS.channelsPerFrame + 1;
      const table: Array<[string, unknown, unknown]> = [
        ['too many LAN channels', Array.from({ length: many }, (_, i) => lanId(`c${i}`)), []],
        ['too many proofs', [], Array.from({ length: many }, () => PROOF)],
        ['a huge list', Array.from({ length: 10_000 }, () => OPS), []],
        ['#lan listed (it is implied)', [LAN_CHANNEL], []],
        ['a secret channel listed by id', [SECRET_ID], []],
        ['a LAN channel not in normal form', ['#Ops'], []],
        ['a too long LAN channel', [`#${'a'.repeat(33)}`], []],
        ['a LAN channel without its sigil', ['ops'], []],
        ['a proof of 31 bytes', [], [Buffer.alloc(31, 1).toString('base64url')]],
        ['a proof of 33 bytes', [], [Buffer.alloc(33, 1).toString('base64url')]],
        ['a proof in plain base64', [], [Buffer.alloc(32, 0xfb).toString('base64')]],
        ['a proof with padding', [], [`${PROOF}=`]],
        ['a proof that is not base64url', [], ['!'.repeat(43)]],
        ['a proof not in its one spelling', [], [`${PROOF.slice(0, 42)}B`]],
        ['a too long proof', [], ['A'.repeat(70_000)]],
        ['lists that are not lists', '#ops', PROOF],
        ['entries that are not strings', [7], [null]],
        ['a missing list', undefined, []],
        ['an object for a list', { 0: OPS }, []],
      ];
      for (const [what, lan, secret] of table) it(what, () => expect(codeOf(frame(lan, secret))).to.equal('BAD_FIELDS'));
      it('a body that is not an object', () => expect(codeOf('{"Channels":["#ops"]}')).to.equal('BAD_FIELDS'));
    });
  });
});

function decodedChannels(text: string) {
  const m = decoded(text);
  if (m.type !== 'Channels') throw new Error(`not a Channels frame: ${text}`);
  return m.body;
}
