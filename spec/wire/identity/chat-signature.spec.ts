import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { signChat, verifyRelayed } from '../../../src/wire/identity/chat-signature.js';
import { identityFromSeed } from '../../../src/wire/identity/identity.js';
import type { Chat } from '../../../src/wire/protocol/messages.js';

const alice = identityFromSeed(Buffer.alloc(32, 1));
const mallory = identityFromSeed(Buffer.alloc(32, 66));
const key = (who: typeof alice) => who.publicKey.toString('base64url');
const chat = signChat(
  alice,
  { id: 'm1', from_id: alice.id, from_name: 'alice', content: 'hello room', timestamp: 100 } as Chat & { id: string },
  3,
);
const code = (c: Chat, k = key(alice)) => {
  const r = verifyRelayed(c, k);
  return E.isLeft(r) ? r.left.code : 'OK';
};

describe('signed room messages (passed on in catch-up)', () => {
  it("a chat signed by its author verifies with the author's key", () => {
    expect(code(chat)).to.equal('OK');
  });

  it('no field can be changed by whoever passes it on', () => {
    const tampered: Record<string, unknown>[] = [
      { content: 'hello rooм' },
      { from_name: 'al1ce' },
      { timestamp: 101 },
      { seq: 4 },
      { id: 'm2' },
    ];
    for (const t of tampered) expect(code({ ...chat, ...t }), JSON.stringify(t)).to.equal('BAD_SIGNATURE');
  });

  it("nobody can pass on a message as another author: the key must be the author id's key", () => {
    const forged = signChat(mallory, { ...chat, from_id: alice.id }, 3);
    expect(code(forged, key(mallory))).to.equal('ID_MISMATCH');
    expect(code(forged, key(alice))).to.equal('BAD_SIGNATURE');
  });

  it('private, unsigned or malformed messages are never passed on as verified', () => {
    expect(code({ ...chat, private: true })).to.equal('BAD_SIGNATURE');
    const { sig: _sig, ...unsigned } = chat;
    expect(code(unsigned)).to.equal('BAD_SIGNATURE');
    expect(code({ ...chat, sig: 'not base64url!' })).to.equal('BAD_SIGNATURE');
    expect(code(chat, 'short')).to.equal('BAD_SIGNATURE');
  });
});
