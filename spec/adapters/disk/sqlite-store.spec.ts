import { expect } from 'chai';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstValueFrom } from 'rxjs';
import { migrate, MIGRATIONS } from '../../../src/adapters/disk/migrations.js';
import { openSqliteStore } from '../../../src/adapters/disk/sqlite-store.js';
import type { Chat } from '../../../src/wire/protocol/messages.js';
import type { MessageStore, NewChat } from '../../../src/wire/ports/index.js';
import { tempDataDir } from '../../support/proc-node.js';

const BOB = 'b628dd37-5b4f-41f9-9c4b-174e78bd463b';
const ME = '00000000-0000-4000-8000-000000000001';
const chat = (id: string, content: string, extra: Partial<NewChat> = {}): NewChat => ({
  id,
  fromId: BOB,
  fromName: 'bob',
  toId: null,
  content,
  timestamp: 1,
  own: false,
  legacy: false,
  deliveredTo: [],
  ...extra,
});
/** A store whose commits run when the spec says, so a spec sees exactly one transaction. */
const manual = (file: string) => {
  let pending: (() => void) | null = null;
  const store = openSqliteStore(file, (f) => (pending = f));
  return {
    store,
    commit: () => {
      pending?.();
      pending = null;
    },
  };
};
const file = () => path.join(tempDataDir(), 'history.db');

describe('adapters/sqlite-store', () => {
  it('migrates an empty file to the latest schema, and a version-1 file forward, keeping its rows', () => {
    const f = file();
    const db = new Database(f);
    expect(migrate(db, 1)).to.equal(0);
    db.prepare("INSERT INTO messages VALUES ('m1', ?, 'bob', NULL, 'kept across the migration', 1, 0, 0, 5)").run(BOB);
    db.close();
    const { store } = manual(f);
    expect(new Database(f).pragma('user_version', { simple: true })).to.equal(MIGRATIONS.length);
    expect(store.search('migration', 10).map((m) => m.id)).to.deep.equal(['m1']);
    store.close();
  });

  it('groups writes into one commit per turn; has() knows a chat before it is committed', async () => {
    const f = file();
    const { store, commit } = manual(f);
    const committed = firstValueFrom(store.committed$);
    store.save(chat('a', 'one'), 1);
    store.save(chat('b', 'two'), 2);
    expect(store.has('a')).to.equal(true);
    expect(new Database(f).prepare('SELECT count(*) AS n FROM messages').get()).to.deep.equal({ n: 0 });
    commit();
    await committed;
    expect(new Database(f).prepare('SELECT count(*) AS n FROM messages').get()).to.deep.equal({ n: 2 });
    store.close();
  });

  it('sync(): a commit signal on the next turn with nothing to write (a held resend is acked on the same schedule)', () => {
    const { store, commit } = manual(file());
    let signals = 0;
    store.committed$.subscribe(() => signals++);
    store.sync();
    expect(signals).to.equal(0);
    commit();
    expect(signals).to.equal(1);
    store.close();
  });

  it('keeps the outbox until each recipient settles; pending survives a reopen, in order', () => {
    const f = file();
    const { store, commit } = manual(f);
    for (const id of ['m1', 'm2', 'm3']) {
      store.save(chat(id, `own ${id}`, { fromId: ME, fromName: 'me', own: true }), 10);
      store.enqueue(id, [{ id: BOB, name: 'bob' }], 10);
    }
    store.settle('m1', BOB, 'delivered', 20);
    commit();
    store.close();
    const again: MessageStore = openSqliteStore(f);
    expect(again.pending().map((p) => [p.chat.id, p.peerName, (p.chat as Chat).content])).to.deep.equal([
      ['m2', 'bob', 'own m2'],
      ['m3', 'bob', 'own m3'],
    ]);
    expect(again.history({ limit: 5 }).find((m) => m.id === 'm1')?.deliveredTo).to.deep.equal([BOB]);
    again.close();
  });

  it('history: the last N oldest first, or those with one peer; search: words, newest first, never query syntax', () => {
    const { store, commit } = manual(file());
    store.save(chat('a', 'lunch at noon?'), 1);
    store.save(chat('b', 'private to carol', { fromId: ME, own: true, toId: 'c0ffee00-0000-4000-8000-000000000000' }), 2);
    store.save(chat('c', 'lunch is late'), 3);
    commit();
    expect(store.history({ limit: 2 }).map((m) => m.id)).to.deep.equal(['b', 'c']);
    expect(store.history({ peerId: 'c0ffee00-0000-4000-8000-000000000000', limit: 9 }).map((m) => m.id)).to.deep.equal(['b']);
    expect(store.search('lunch', 10).map((m) => m.id)).to.deep.equal(['c', 'a']);
    expect(store.search('"NEAR( OR', 10)).to.deep.equal([]);
    store.close();
  });

  it('each chat keeps its channel: a private one none, one saved without a channel #lan; history by channel, search labelled (issue 23)', () => {
    const CAROL = 'c0ffee00-0000-4000-8000-000000000000';
    const { store, commit } = manual(file());
    store.save(chat('l', 'lunch in the hall'), 1); // the core before channels: no channel given
    store.save(chat('t', 'lunch for the team', { channel: '#team' }), 2);
    store.save(chat('p', 'lunch, just us?', { toId: ME, channel: '#team' }), 3); // private: in no channel whatever it says
    store.save(chat('c', 'team lunch booked', { fromId: CAROL, fromName: 'carol', channel: '#team' }), 4);
    commit();
    const channels = (ms: readonly { id: string; channel: string | null }[]) => ms.map((m) => [m.id, m.channel]);
    expect(channels(store.history({ limit: 9 }))).to.deep.equal([
      ['l', '#lan'],
      ['t', '#team'],
      ['p', null],
      ['c', '#team'],
    ]);
    expect(store.history({ channel: '#team', limit: 9 }).map((m) => m.id)).to.deep.equal(['t', 'c']);
    expect(store.history({ channel: '#team', limit: 1 }).map((m) => m.id)).to.deep.equal(['c']);
    expect(store.history({ channel: '#lan', limit: 9 }).map((m) => m.id)).to.deep.equal(['l']);
    expect(store.history({ channel: '#team', peerId: CAROL, limit: 9 }).map((m) => m.id)).to.deep.equal(['c']);
    expect(store.history({ channel: '#nobody', limit: 9 })).to.deep.equal([]);
    expect(channels(store.search('lunch', 10))).to.deep.equal([
      ['c', '#team'],
      ['p', null],
      ['t', '#team'],
      ['l', '#lan'],
    ]);
    store.close();
  });

  it('a peer is first seen once: later meetings move its last_seen only (issue 23)', () => {
    const { store, commit } = manual(file());
    store.notePeer({ id: BOB, name: 'bob', lastSeen: 100 });
    commit();
    store.notePeer({ id: BOB, name: 'bobby', lastSeen: 900 });
    commit();
    expect(store.knownPeers()).to.deep.equal([{ id: BOB, name: 'bobby', lastSeen: 900, firstSeen: 100 }]);
    expect(store.memberSince(BOB)).to.deep.equal({ '#lan': 100 });
    expect(store.memberSince(ME)).to.deep.equal({});
    store.close();
  });

  it('catch-up heads: per author, how far the room messages go without a gap; kept across a reopen and a migration', () => {
    const f = file();
    const db = new Database(f);
    migrate(db, 3);
    const row = db.prepare(
      "INSERT INTO messages (id, from_id, from_name, to_id, content, timestamp, own, legacy, received_at, seq) VALUES (?, ?, 'bob', NULL, 'x', 1, 0, 0, 1, ?)",
    );
    for (const seq of [1, 2, 4]) row.run(`b${seq}`, BOB, seq);
    db.close();
    const { store, commit } = manual(f); // migrates to v4: the heads are counted once
    expect(store.heads()).to.deep.equal({ [BOB]: 2 });
    store.save(chat('b3', 'three', { seq: 3 }), 5);
    expect(store.heads()).to.deep.equal({ [BOB]: 4 });
    store.save(chat('c2', 'carol first', { fromId: ME, seq: 2 }), 6);
    expect(store.heads()).to.deep.equal({ [BOB]: 4, [ME]: 0 });
    commit();
    store.close();
    const again = openSqliteStore(f);
    expect(again.heads()).to.deep.equal({ [BOB]: 4, [ME]: 0 });
    expect(again.since(BOB, 2, 10).map((m) => m.id)).to.deep.equal(['b3', 'b4']);
    again.close();
  });

  it('retention drops old chats but never one still owed to someone', () => {
    const { store, commit } = manual(file());
    store.save(chat('old', 'old news'), 100);
    store.save(chat('owed', 'still owed', { own: true }), 100);
    store.enqueue('owed', [{ id: BOB, name: 'bob' }], 100);
    store.save(chat('new', 'fresh'), 900);
    commit();
    expect(store.prune(500)).to.equal(1);
    expect(store.history({ limit: 9 }).map((m) => m.id)).to.deep.equal(['owed', 'new']);
    store.close();
  });

  it('a process killed (SIGKILL) in the middle of a write loop leaves a readable database', async function () {
    this.timeout(15_000);
    const f = file();
    openSqliteStore(f).close();
    const writer = fileURLToPath(new URL('../../support/store-writer.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', writer, f], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(child.stdout, 'data'); // it has committed at least once
    child.kill('SIGKILL');
    await once(child, 'exit');
    const store = openSqliteStore(f);
    const n = store.history({ limit: 200 }).length;
    expect(n).to.be.greaterThan(0);
    expect(new Database(f).pragma('integrity_check', { simple: true })).to.equal('ok');
    store.close();
  });
  it('keeps transfers to resume: unfinished ones come back after a reopen with their verified pieces; finished ones do not (issue 13)', () => {
    const f = path.join(tempDataDir(), 'transfers.db');
    const store = openSqliteStore(f, () => undefined);
    const offer = {
      id: 'f0000000-0000-4000-8000-000000000001',
      name: 'a',
      size: 3,
      files: [{ path: 'a', size: 3, sha256: 'c'.repeat(64) }],
      piece: 1048576,
      pieces: Buffer.alloc(32).toString('base64'),
    };
    const base = { peerId: BOB, peerName: 'bob', direction: 'incoming' as const, offer: offer as never, source: null, verified: '', at: 1 };
    store.saveTransfer({ ...base, id: offer.id, phase: 'moving' });
    store.saveTransfer({ ...base, id: offer.id, phase: 'moving', verified: 'AQ==', at: 2 });
    store.saveTransfer({ ...base, id: 'f0000000-0000-4000-8000-000000000002', phase: 'done' });
    store.flush();
    store.close();
    const again = openSqliteStore(f, () => undefined);
    expect(again.transfers()).to.deep.equal([{ ...base, id: offer.id, offer, phase: 'moving', verified: 'AQ==', at: 2 }]);
    again.close();
  });
});
