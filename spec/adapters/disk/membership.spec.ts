import { expect } from 'chai';
import Database from 'better-sqlite3';
import path from 'node:path';
import { SCOPED_SINCE } from '../../../src/adapters/disk/chat-row.js';
import { migrate } from '../../../src/adapters/disk/migrations.js';
import { openSqliteStore } from '../../../src/adapters/disk/sqlite-store.js';
import type { MessageStore, NewChat } from '../../../src/wire/ports/index.js';
import { tempDataDir } from '../../support/proc-node.js';

const BOB = 'b628dd37-5b4f-41f9-9c4b-174e78bd463b';
const CAROL = 'c0ffee00-0000-4000-8000-000000000000';
const DAVE = 'da7e0000-0000-4000-8000-000000000000';

/** A store whose commits run when the spec says. */
const manual = () => {
  let pending: (() => void) | null = null;
  const store = openSqliteStore(path.join(tempDataDir(), 'history.db'), (f) => (pending = f));
  const commit = () => {
    pending?.();
    pending = null;
  };
  return { store, commit };
};

/** Bob's channel message number `seq`, received at `at`. */
const said = (store: MessageStore, seq: number, channel: string | null, at: number) => {
  const chat: NewChat = {
    id: `b${seq}`,
    fromId: BOB,
    fromName: 'bob',
    toId: channel === null ? CAROL : null,
    ...(channel !== null ? { channel } : {}),
    content: `said ${seq}`,
    timestamp: seq,
    own: false,
    legacy: false,
    deliveredTo: [],
    seq,
    sig: 's',
    key: 'k',
  };
  store.save(chat, at);
};
const ids = (ms: readonly { id: string }[]) => ms.map((m) => m.id);

describe('adapters/sqlite-store: channel membership and scoped catch-up (issue 23)', () => {
  it('a channel still listed keeps its start; one no longer listed is forgotten, and a rejoin starts anew', () => {
    const { store, commit } = manual();
    store.notePeer({ id: CAROL, name: 'carol', lastSeen: 10 });
    store.noteMembership(CAROL, ['#team', '#ops'], 100);
    commit();
    store.noteMembership(CAROL, ['#ops', '#team', '#lan'], 200); // the same, reordered, and #lan implied
    commit();
    expect(store.memberSince(CAROL)).to.deep.equal({ '#lan': 10, '#team': 100, '#ops': 100 });
    store.noteMembership(CAROL, ['#ops'], 300); // left #team
    commit();
    expect(store.memberSince(CAROL)).to.deep.equal({ '#lan': 10, '#ops': 100 });
    store.noteMembership(CAROL, ['#ops', '#team'], 400); // back
    commit();
    expect(store.memberSince(CAROL)).to.deep.equal({ '#lan': 10, '#ops': 100, '#team': 400 });
    store.noteMembership(CAROL, [], 500);
    commit();
    expect(store.memberSince(CAROL)).to.deep.equal({ '#lan': 10 });
    store.close();
  });

  it('what was announced this turn counts before it is committed (a Channels frame and a Have in one chunk)', () => {
    const { store, commit } = manual();
    store.notePeer({ id: CAROL, name: 'carol', lastSeen: 10 });
    store.noteMembership(CAROL, ['#team'], 100);
    store.noteMembership(CAROL, ['#team', '#ops'], 150);
    store.notePeer({ id: CAROL, name: 'carol', lastSeen: 160 });
    expect(store.memberSince(CAROL)).to.deep.equal({ '#lan': 10, '#team': 100, '#ops': 150 });
    commit();
    expect(store.memberSince(CAROL)).to.deep.equal({ '#lan': 10, '#team': 100, '#ops': 150 });
    store.noteMembership(CAROL, ['#ops'], 200);
    expect(store.memberSince(CAROL)).to.deep.equal({ '#lan': 10, '#ops': 150 });
    store.close();
  });

  it('since with a scope: nothing stored before the asker joined, nothing of another channel, nothing private', () => {
    const { store, commit } = manual();
    said(store, 1, '#team', 50); // before carol joined #team
    said(store, 2, '#team', 100); // the moment she joined
    said(store, 3, '#ops', 120); // a channel she is not in
    said(store, 4, null, 130); // private (to carol, even)
    said(store, 5, '#lan', 140);
    said(store, 6, '#team', 150);
    said(store, 7, '#secret', 160); // she is in it, but no start was observed: nothing passes
    commit();
    store.notePeer({ id: CAROL, name: 'carol', lastSeen: 135 });
    store.noteMembership(CAROL, ['#team', '#secret'], 100);
    commit();
    const { '#secret': _unbounded, ...after } = store.memberSince(CAROL);
    const scope = { channels: ['#lan', '#team', '#secret'], after };
    expect(after).to.deep.equal({ '#lan': 135, '#team': 100 });
    expect(ids(store.since(BOB, 0, 10, scope))).to.deep.equal(['b2', 'b5', 'b6']);
    expect(ids(store.since(BOB, 2, 10, scope))).to.deep.equal(['b5', 'b6']);
    expect(ids(store.since(BOB, 0, 2, scope))).to.deep.equal(['b2', 'b5']);
    expect(ids(store.since(BOB, 0, 10, { channels: ['#team'], after: { '#ops': 0 } }))).to.deep.equal([]);
    // A fresh identity, met now: no past at all.
    store.notePeer({ id: DAVE, name: 'dave', lastSeen: 1000 });
    expect(ids(store.since(BOB, 0, 10, { channels: ['#lan'], after: store.memberSince(DAVE) }))).to.deep.equal([]);
    // Without a scope (the core before channels): #lan's only, as everything was #lan's then.
    expect(ids(store.since(BOB, 0, 10))).to.deep.equal(['b5']);
    store.close();
  });

  it('the scoped catch-up is served by an index, not a scan of the messages', () => {
    const db = new Database(':memory:');
    migrate(db);
    const plan = db
      .prepare<{ author: string; after: string; seq: number; limit: number }, { detail: string }>(`EXPLAIN QUERY PLAN ${SCOPED_SINCE}`)
      .all({ author: BOB, after: '{"#lan":0}', seq: 0, limit: 10 })
      .map((r) => r.detail);
    expect(plan).to.include('SEARCH m USING INDEX messages_author_channel_seq (from_id=? AND channel=? AND seq>?)');
    db.close();
  });
});
