import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { chatSignedBytes, signChat, verifyRelayed } from '../../../src/wire/identity/chat-signature.js';
import { identityFromSeed } from '../../../src/wire/identity/identity.js';
import { LAN_CHANNEL, lanChannelId } from '../../../src/wire/protocol/channel-id.js';
import { chatOf, type Chat } from '../../../src/wire/protocol/messages.js';

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

describe('signed channel messages (issue 23): the signature covers the channel', () => {
  const fields = { id: 'm1', from_id: alice.id, from_name: 'alice', content: 'hello room', timestamp: 100 };
  const chatFrom = (f: Parameters<typeof chatOf>[0]) => {
    const c = chatOf(f);
    if (!c) throw new Error(`not a chat: ${JSON.stringify(f)}`);
    return c;
  };
  const built = (channel?: string) => chatFrom(channel === undefined ? fields : { ...fields, channel });
  // "team" is `#tearn` on the wire: a LAN channel's id is its name's confusable skeleton (m → rn).
  const TEAM = E.getOrElseW((e: { message: string }) => {
    throw new Error(e.message);
  })(lanChannelId('team'));
  const team = signChat(alice, built(TEAM), 3);

  it('a signature made before channels (version 1) still verifies, byte for byte the same', () => {
    // Signed by the code of before channels, with this spec's key and fields.
    const before = 'K5VA2H1W4xV0RzfQKRYcDiJ2m2GczIm_S770Ube7E7M01sTJwMAesxJOL6rYypP-CsMP6O0gKnBN9Ap98FjNAQ';
    expect(code(chatFrom({ ...fields, seq: 3, sig: before }))).to.equal('OK');
    expect(code(chatFrom({ ...fields, seq: 3, sig: before, channel: LAN_CHANNEL }))).to.equal('OK');
    expect(signChat(alice, built(), 3).sig).to.equal(before);
    expect(signChat(alice, built('#lan'), 3).sig).to.equal(before);
    expect(chatSignedBytes({ ...fields, seq: 3, channel: '#lan' }).toString()).to.equal(
      `["p2p-chat chat",1,"m1","${alice.id}","alice","hello room",100,3]`,
    );
  });

  it('another channel is signed as version 2, with the channel last', () => {
    expect(TEAM).to.equal('#tearn');
    expect(chatSignedBytes({ ...fields, seq: 3, channel: TEAM }).toString()).to.equal(
      `["p2p-chat chat",2,"m1","${alice.id}","alice","hello room",100,3,"#tearn"]`,
    );
    expect(code(team)).to.equal('OK');
  });

  it('a passed-on chat cannot be moved to another channel, into one, or out of one', () => {
    const lanChat = signChat(alice, built(), 3);
    const secret = `~${'ab'.repeat(16)}`;
    expect(code(chatFrom({ ...team, channel: secret })), 'changed').to.equal('BAD_SIGNATURE');
    expect(code(chatFrom({ ...team, channel: '#ops' })), 'changed').to.equal('BAD_SIGNATURE');
    expect(code({ ...team, channel: LAN_CHANNEL }), 'moved to #lan').to.equal('BAD_SIGNATURE');
    const { channel: _channel, ...removed } = team;
    expect(code(removed), 'removed').to.equal('BAD_SIGNATURE');
    expect(code(chatFrom({ ...lanChat, channel: TEAM })), 'added').to.equal('BAD_SIGNATURE');
  });
});
