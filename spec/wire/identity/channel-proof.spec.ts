import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { channelIdOfSecret, membershipProof, provenChannels } from '../../../src/wire/identity/channel-proof.js';
import { newRoom, topicOf } from '../../../src/wire/identity/room.js';
import { ChannelId } from '../../../src/wire/protocol/channel-id.js';
import { ChannelProof } from '../../../src/wire/protocol/messages.js';

const ALICE = 'a11ce000-0000-4000-8000-000000000001';
const BOB = 'b0b00000-0000-4000-8000-000000000002';
const CAROL = 'ca201000-0000-4000-8000-000000000003';
const teamSecret = Buffer.alloc(32, 7);
const opsSecret = Buffer.alloc(32, 8);
const team = { id: channelIdOfSecret(teamSecret), secret: teamSecret };
const ops = { id: channelIdOfSecret(opsSecret), secret: opsSecret };

describe('secret channels: ids and membership proofs (issue 23)', () => {
  it("a secret channel's id is ~ and 32 hex digits: the keyed hash of the secret under its own label", () => {
    const expected = createHmac('sha256', teamSecret).update('p2p-chat channel id').digest().subarray(0, 16).toString('hex');
    expect(team.id).to.equal(`~${expected}`);
    expect(ChannelId.is(team.id)).to.equal(true);
  });

  it('the id reveals nothing of the name, and is not the room topic', () => {
    const a = newRoom('team', teamSecret);
    const b = newRoom('team', opsSecret);
    if (E.isLeft(a) || E.isLeft(b)) throw new Error('not a room');
    // Same name, another secret: another id; the name is no input at all.
    expect(channelIdOfSecret(b.right.key)).not.to.equal(channelIdOfSecret(a.right.key));
    expect(channelIdOfSecret(a.right.key)).to.equal(team.id);
    // The topic keeps its derivation; the id is another label under the same secret.
    const topic = topicOf(a.right);
    expect(topic.equals(createHmac('sha256', teamSecret).update('p2p-chat/room-topic/v1').digest())).to.equal(true);
    expect(team.id.slice(1)).not.to.equal(topic.subarray(0, 16).toString('hex'));
  });

  it('refuses a secret that is not 32 bytes', () => {
    expect(() => channelIdOfSecret(Buffer.alloc(16))).to.throw(/32 bytes/);
    expect(() => membershipProof(Buffer.alloc(31), ALICE, BOB)).to.throw(/32 bytes/);
  });

  it('a proof is the HMAC of both ids under the member key, base64url, and fits the frame', () => {
    const memberKey = createHmac('sha256', teamSecret).update('p2p-chat channel member').digest();
    const expected = createHmac('sha256', memberKey).update(`${ALICE}\n${BOB}`).digest('base64url');
    const proof = membershipProof(teamSecret, ALICE, BOB);
    expect(proof).to.equal(expected);
    expect(ChannelProof.is(proof)).to.equal(true);
  });

  it('proves the channels both are in, for the right sender and receiver only', () => {
    const fromAlice = [membershipProof(teamSecret, ALICE, BOB), membershipProof(opsSecret, ALICE, BOB)];
    expect(provenChannels(fromAlice, [team, ops], ALICE, BOB)).to.deep.equal([team.id, ops.id]);
    // Bob is in ops only: alice's team proof names nothing to him.
    expect(provenChannels(fromAlice, [ops], ALICE, BOB)).to.deep.equal([ops.id]);
    expect(provenChannels([], [team, ops], ALICE, BOB)).to.deep.equal([]);
    // Sender and receiver swapped: a proof bob made is not alice's.
    expect(provenChannels(fromAlice, [team, ops], BOB, ALICE)).to.deep.equal([]);
  });

  it('a proof made for bob, replayed to carol, proves nothing', () => {
    const forBob = [membershipProof(teamSecret, ALICE, BOB)];
    expect(provenChannels(forBob, [team], ALICE, CAROL)).to.deep.equal([]);
    // Nor can bob pass it off as his own to carol.
    expect(provenChannels(forBob, [team], BOB, CAROL)).to.deep.equal([]);
  });

  it('a proof under another secret, or a guess, proves nothing', () => {
    const otherSecret = [membershipProof(Buffer.alloc(32, 9), ALICE, BOB)];
    expect(provenChannels(otherSecret, [team], ALICE, BOB)).to.deep.equal([]);
    const guesses = [Buffer.alloc(32).toString('base64url'), 'short', '', team.id, team.secret.toString('base64url')];
    expect(provenChannels(guesses, [team], ALICE, BOB)).to.deep.equal([]);
  });

  it('one channel is proven once, however often its proof is listed', () => {
    const proof = membershipProof(teamSecret, ALICE, BOB);
    expect(provenChannels([proof, proof], [team], ALICE, BOB)).to.deep.equal([team.id]);
  });
});
