import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { inviteCode, newRoom, parseInvite, topicOf } from '../../../src/wire/identity/room.js';
import { parseCommand } from '../../../src/console/input/commands.js';

describe('rooms (issue 14)', () => {
  const secret = Buffer.alloc(32, 7);

  it('an invite code carries the name and the secret, and reads back as the same room', () => {
    const r = newRoom('team', secret);
    if (E.isLeft(r)) throw new Error(r.left.message);
    const code = inviteCode(r.right);
    expect(code).to.equal(`team~${secret.toString('base64url')}`);
    expect(parseInvite(code)).to.deep.equal(r.right);
  });

  it('the topic is a keyed hash: the secret decides it, the name does not, and neither shows in it', () => {
    const a = topicOf({ name: 'team', key: secret });
    expect(a.byteLength).to.equal(32);
    expect(topicOf({ name: 'other', key: secret }).equals(a)).to.equal(true);
    expect(topicOf({ name: 'team', key: Buffer.alloc(32, 8) }).equals(a)).to.equal(false);
    expect(a.includes(Buffer.from('team'))).to.equal(false);
  });

  it('refuses names and codes that are not one', () => {
    expect(E.isLeft(newRoom('a b', secret))).to.equal(true);
    expect(E.isLeft(newRoom('x'.repeat(33), secret))).to.equal(true);
    expect(parseInvite('team')).to.equal(null);
    expect(parseInvite(`team~${secret.toString('base64url').slice(1)}`)).to.equal(null);
    expect(parseInvite(`bad name~${secret.toString('base64url')}`)).to.equal(null);
  });

  it('parses /join, /leave, /rooms, /invite', () => {
    expect(parseCommand('/join team')).to.deep.equal({ kind: 'room', room: { kind: 'join', arg: 'team' } });
    expect(parseCommand('/leave team')).to.deep.equal({ kind: 'room', room: { kind: 'leave', arg: 'team' } });
    expect(parseCommand('/invite team')).to.deep.equal({ kind: 'room', room: { kind: 'invite', arg: 'team' } });
    expect(parseCommand('/rooms')).to.deep.equal({ kind: 'room', room: { kind: 'rooms' } });
    expect(parseCommand('/join').kind).to.equal('invalid');
  });
});
