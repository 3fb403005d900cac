import { expect } from 'chai';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { migrate, MIGRATIONS } from '../../../src/adapters/disk/migrations.js';
import { openSqliteStore } from '../../../src/adapters/disk/sqlite-store.js';
import { tempDataDir } from '../../support/proc-node.js';

const BOB = 'b628dd37-5b4f-41f9-9c4b-174e78bd463b';
const ME = '00000000-0000-4000-8000-000000000001';

/**
 * The migrations that have shipped, by the first 16 hex of their SHA-256: a
 * store out there is at one of these versions, so none may change. A new
 * migration adds a line once it has shipped.
 */
const SHIPPED = ['4916f5350e57dd5c', '3f3b63d0ad257741', '2fa946ccaec3aef5', '655ad124398d743d', '167ecc644c72a403'];

/** A history.db as a v5 node left it: room messages (one from an original node), a private one, an own one owed, two peers. */
function v5Store(): string {
  const file = path.join(tempDataDir(), 'history.db');
  const db = new Database(file);
  expect(migrate(db, 5)).to.equal(0);
  const msg = db.prepare(
    `INSERT INTO messages (id, from_id, from_name, to_id, content, timestamp, own, legacy, received_at, seq, sig, key)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
  );
  msg.run('r1', BOB, 'bob', null, 'good morning all', 0, 0, 100, 1, 's1', 'kb');
  msg.run('r2', BOB, 'bob', null, 'coffee is ready', 0, 0, 200, 2, 's2', 'kb');
  msg.run('old', 'oldie', 'Oldie', null, 'hello from the past', 0, 1, 250, null, null, null);
  msg.run('p1', BOB, 'bob', ME, 'just between us', 0, 0, 300, null, null, null);
  msg.run('p2', ME, 'me', BOB, 'sure', 1, 0, 400, null, null, null);
  db.prepare("INSERT INTO outbox (msg_id, peer_id, peer_name, queued_at) VALUES ('p2', ?, 'bob', 400)").run(BOB);
  db.prepare('INSERT INTO peers (id, name, last_seen) VALUES (?, ?, ?)').run(BOB, 'bob', 5000);
  db.prepare('INSERT INTO peers (id, name, last_seen) VALUES (?, ?, ?)').run('oldie', 'Oldie', 4000);
  db.close();
  return file;
}

describe('adapters/disk/migrations', () => {
  it('no shipped migration has been edited', () => {
    const hashes = MIGRATIONS.map((m) => createHash('sha256').update(m).digest('hex').slice(0, 16));
    expect(hashes.slice(0, SHIPPED.length)).to.deep.equal(SHIPPED);
  });

  it('a v5 store opens at v6 with what was said in #lan, private messages in no channel, and peers first seen when last seen (issue 23)', () => {
    const file = v5Store();
    const store = openSqliteStore(file, () => undefined);
    expect(new Database(file).pragma('user_version', { simple: true })).to.equal(6);
    expect(store.history({ limit: 9 }).map((m) => [m.id, m.channel])).to.deep.equal([
      ['r1', '#lan'],
      ['r2', '#lan'],
      ['old', '#lan'],
      ['p1', null],
      ['p2', null],
    ]);
    expect(store.history({ channel: '#lan', limit: 9 }).map((m) => m.id)).to.deep.equal(['r1', 'r2', 'old']);
    expect(store.search('morning', 9).map((m) => m.channel)).to.deep.equal(['#lan']);
    expect(store.knownPeers()).to.deep.equal([
      { id: BOB, name: 'bob', lastSeen: 5000, firstSeen: 5000 },
      { id: 'oldie', name: 'Oldie', lastSeen: 4000, firstSeen: 4000 },
    ]);
    expect(store.memberSince(BOB)).to.deep.equal({ '#lan': 5000 });
    // The outbox, the heads and catch-up go on as before.
    expect(store.pending().map((p) => p.chat.id)).to.deep.equal(['p2']);
    expect(store.lastSeq(BOB)).to.equal(2);
    expect(store.since(BOB, 0, 9).map((m) => m.id)).to.deep.equal(['r1', 'r2']);
    // A peer that was met before v6 may be caught up only from what the store can vouch for: its last meeting.
    expect(store.since(BOB, 0, 9, { channels: ['#lan'], after: store.memberSince(BOB) })).to.deep.equal([]);
    store.close();
  });

  it('a migrated peer met again keeps its first meeting', () => {
    const file = v5Store();
    const store = openSqliteStore(file, () => undefined);
    store.notePeer({ id: BOB, name: 'bob', lastSeen: 9000 });
    store.flush();
    expect(store.knownPeers()[0]).to.deep.equal({ id: BOB, name: 'bob', lastSeen: 9000, firstSeen: 5000 });
    store.close();
  });
});
