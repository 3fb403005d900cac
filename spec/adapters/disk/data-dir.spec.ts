import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { chmodSync, existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lockDataDir, openDataDir } from '../../../src/adapters/disk/data-dir.js';
import { tempDataDir } from '../../support/proc-node.js';

const open = (dir: string) => {
  const r = openDataDir(dir);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

describe('adapters/data-dir', () => {
  it('creates the identity key 0600 in a 0700 folder, and keeps it across restarts', () => {
    const dir = path.join(tempDataDir(), 'nested');
    const first = open(dir);
    expect(statSync(dir).mode & 0o777).to.equal(0o700);
    expect(statSync(path.join(dir, 'identity.key')).mode & 0o777).to.equal(0o600);
    expect(open(dir).identity.id).to.equal(first.identity.id);
  });

  it('refuses a key file others can read, saying how to fix it', () => {
    const dir = tempDataDir();
    open(dir);
    chmodSync(path.join(dir, 'identity.key'), 0o644);
    const r = openDataDir(dir);
    expect(E.isLeft(r) && r.left.code).to.equal('DATA_DIR_UNSAFE');
    expect(E.isLeft(r) && r.left.message).to.match(/readable by others.*chmod 600/);
  });

  it('pins the first key for a name, persists it, and refuses another until trusted', () => {
    const dir = tempDataDir();
    const { trust } = open(dir);
    expect(trust.pin('alice', 'K1')).to.equal('pinned');
    expect(trust.check('alice', 'K1')).to.equal('known');
    expect(trust.accept('alice').kind).to.equal('none'); // nothing refused yet
    const again = open(dir).trust; // a restart reads the pins back
    expect(again.check('alice', 'K2')).to.equal('changed');
    expect(again.isPinned('alice')).to.equal(true);
    expect(again.accept('alice').kind).to.equal('trusted');
    expect(again.check('alice', 'K2')).to.equal('known');
    expect(JSON.parse(readFileSync(path.join(dir, 'known_peers.json'), 'utf8'))).to.deep.equal({ alice: 'K2' });
    expect(statSync(path.join(dir, 'known_peers.json')).mode & 0o777).to.equal(0o600);
  });

  it('a pin file that does not read stops the node and is left as it was, never rewritten empty (security item 10)', () => {
    const dir = tempDataDir();
    open(dir).trust.pin('alice', 'K1');
    const pins = path.join(dir, 'known_peers.json');
    writeFileSync(pins, '{"alice": "K1", oops');
    const r = openDataDir(dir);
    expect(E.isLeft(r) && r.left.code).to.equal('DATA_DIR_FAILED');
    expect(E.isLeft(r) && r.left.message).to.match(/known_peers\.json is not a pin file.*move it aside/);
    expect(readFileSync(pins, 'utf8')).to.equal('{"alice": "K1", oops');
    writeFileSync(pins, '["alice"]');
    expect(E.isLeft(openDataDir(dir))).to.equal(true);
  });

  it('a data folder others can write to is refused, saying how to fix it', () => {
    const dir = tempDataDir();
    chmodSync(dir, 0o777);
    const r = openDataDir(dir);
    expect(E.isLeft(r) && r.left.code).to.equal('DATA_DIR_UNSAFE');
    expect(E.isLeft(r) && r.left.message).to.match(/writable by others.*chmod 700/);
  });

  it('a data dir held by a running node is refused by code, naming its pid; released, it is ours', () => {
    const dir = tempDataDir();
    // Our parent runs for as long as we do: it stands for another node.
    writeFileSync(path.join(dir, 'lock'), `${process.ppid}\n`);
    const held = lockDataDir(dir);
    expect(E.isLeft(held) && held.left.code).to.equal('DATA_DIR_IN_USE');
    expect(E.isLeft(held) && held.left.message).to.equal(
      `data directory ${dir} is in use by another p2p-chat node (pid ${process.ppid}); give each node its own --data-dir`,
    );
    unlinkSync(path.join(dir, 'lock'));
    const ours = lockDataDir(dir);
    expect(E.isRight(ours)).to.equal(true);
    if (E.isRight(ours)) ours.right.release();
    expect(existsSync(path.join(dir, 'lock'))).to.equal(false);
  });
});
