import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import path from 'node:path';
import { NEVER } from 'rxjs';
import { openSqliteStore } from '../../src/adapters/disk/sqlite-store.js';
import { recordingStore, replayedStore } from '../../src/record/answering-store.js';
import { InputRecord } from '../../src/record/format.js';
import type { MessageStore } from '../../src/wire/ports/index.js';
import { tempDataDir } from '../support/proc-node.js';

const BOB = 'b628dd37-5b4f-41f9-9c4b-174e78bd463b';
const CAROL = 'c0ffee00-0000-4000-8000-000000000000';
const ME = '00000000-0000-4000-8000-000000000001';

/** Each answer as a recording keeps it: one JSON line of kind 'answer', read back through the recording's codec. */
const throughLines = (values: unknown[]): unknown[] =>
  values.map((value, i) => {
    const r = InputRecord.decode(JSON.parse(JSON.stringify({ t: i, kind: 'answer', value })));
    if (E.isLeft(r) || r.right.kind !== 'answer') throw new Error(`answer ${i} is not a record`);
    return r.right.value;
  });

/** The reads the core makes of a store with channels in it, in one order. */
const reads = (s: MessageStore): unknown[] => [
  s.history({ limit: 9 }),
  s.history({ channel: '#team', limit: 9 }),
  s.search('lunch', 9),
  s.knownPeers(),
  s.memberSince(CAROL),
  s.memberSince(ME),
  s.since(BOB, 0, 9, { channels: ['#team', '#lan'], after: { '#team': 15, '#lan': 0 } }),
  s.since(BOB, 0, 9),
  s.heads(),
];

describe('record/answering-store: the store as a recording sees it (issue 23)', () => {
  it('what the live store answered (channels, first meetings, memberships) a replay answers the same', () => {
    const live = openSqliteStore(path.join(tempDataDir(), 'history.db'), () => undefined);
    const base = { fromId: BOB, fromName: 'bob', timestamp: 1, own: false, legacy: false, deliveredTo: [], sig: 's', key: 'k' };
    live.save({ ...base, id: 'l', toId: null, content: 'lunch?', seq: 1 }, 10);
    live.save({ ...base, id: 't', toId: null, channel: '#team', content: 'team lunch', seq: 2 }, 20);
    live.save({ ...base, id: 'p', toId: ME, content: 'lunch alone?' }, 30);
    live.notePeer({ id: CAROL, name: 'carol', lastSeen: 5 });
    live.noteMembership(CAROL, ['#team'], 15);
    live.flush();
    const recorded: unknown[] = [];
    const answered = reads(recordingStore(live, (v) => recorded.push(v)));
    live.close();
    expect(answered[1]).to.have.length(1);
    expect(answered[4]).to.deep.equal({ '#lan': 5, '#team': 15 });
    const replayed = replayedStore(throughLines(recorded), NEVER);
    expect(reads(replayed)).to.deep.equal(answered);
  });

  it('a recording made before channels replays: a non-private chat is #lan, a private one in none, a peer first seen when last seen', () => {
    const old = { fromId: BOB, fromName: 'bob', content: 'x', timestamp: 1, own: false, legacy: false, deliveredTo: [] };
    const replayed = replayedStore(
      throughLines([
        [
          { ...old, id: 'r', toId: null },
          { ...old, id: 'p', toId: ME },
        ],
        [{ id: BOB, name: 'bob', lastSeen: 700 }],
      ]),
      NEVER,
    );
    expect(replayed.history({ limit: 9 }).map((m) => [m.id, m.channel])).to.deep.equal([
      ['r', '#lan'],
      ['p', null],
    ]);
    expect(replayed.knownPeers()).to.deep.equal([{ id: BOB, name: 'bob', lastSeen: 700, firstSeen: 700 }]);
    expect(replayed.memberSince(BOB)).to.deep.equal({}); // past the recording's end: empty, as any read
  });
});
