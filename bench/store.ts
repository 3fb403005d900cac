/**
 * The message store's figures: what it costs per message (group commit against
 * a commit per message, beside the node's own message rate), and a node with a
 * million messages in its history: start-up, /search, and the catch-up heads.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDataDir } from '../src/adapters/disk/data-dir.js';
import { migrate } from '../src/adapters/disk/migrations.js';
import { openSqliteStore } from '../src/adapters/disk/sqlite-store.js';
import type { StoredChat } from '../src/wire/ports/index.js';
import { ProcNode } from '../spec/support/index.js';

type RecordFigure = (name: string, value: number, unit: string, baseline: number | null, params?: { [k: string]: unknown }) => void;

const WORDS = ['lunch', 'deploy', 'coffee', 'build', 'meeting', 'review', 'release', 'bug', 'fix', 'later', 'ok', 'thanks'];
const AUTHORS = Array.from({ length: 8 }, (_, i) => `a${i}000000-0000-4000-8000-000000000000`);
const chat = (n: number): StoredChat => ({
  id: `m${n}`,
  fromId: AUTHORS[n % AUTHORS.length] as string,
  fromName: `author${n % AUTHORS.length}`,
  toId: null,
  channel: '#lan',
  content: `${WORDS[n % WORDS.length]} ${WORDS[(n * 7) % WORDS.length]} message number ${n}`,
  timestamp: 1_795_000_000 + n,
  own: false,
  legacy: false,
  deliveredTo: [],
  seq: Math.floor(n / AUTHORS.length) + 1,
  sig: 's'.repeat(86),
  key: 'k'.repeat(43),
});

/** The store alone: messages/s with one commit per event-loop turn (1000 a turn) and with a commit per message. */
async function perMessage(record: RecordFigure, nodeRate: number | null): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'p2pc-bench-'));
  const grouped = async (perTurn: number, total: number) => {
    const store = openSqliteStore(path.join(dir, `g${perTurn}.db`));
    const t0 = performance.now();
    for (let i = 0; i < total; i += perTurn) {
      for (let k = i; k < i + perTurn; k++) store.save(chat(k), k);
      await new Promise((r) => setImmediate(r));
    }
    const rate = total / ((performance.now() - t0) / 1000);
    store.close();
    return rate;
  };
  const batched = await grouped(1000, 100_000);
  const single = await grouped(1, 5_000);
  rmSync(dir, { recursive: true, force: true });
  record('store: messages/s, one commit per turn', batched, 'msg/s', nodeRate, {
    messages: 100_000,
    per_turn: 1000,
    baseline: 'node broadcast to 1 peer, same run',
  });
  record('store: messages/s, a commit per message', single, 'msg/s', batched, { messages: 5_000, baseline: 'one commit per turn' });
}

/** A data dir whose history.db holds `n` room messages, written straight into SQLite. */
function filledDataDir(n: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'p2pc-bench-1m-'));
  openDataDir(dir);
  const db = new Database(path.join(dir, 'history.db'));
  db.pragma('journal_mode = WAL');
  migrate(db);
  const insert =
    db.prepare(`INSERT INTO messages (id, from_id, from_name, to_id, channel, content, timestamp, own, legacy, received_at, seq, sig, key)
    VALUES (@id, @fromId, @fromName, NULL, @channel, @content, @timestamp, 0, 0, @timestamp, @seq, @sig, @key)`);
  for (let start = 0; start < n; start += 100_000) {
    db.transaction(() => {
      for (let i = start; i < Math.min(n, start + 100_000); i++) insert.run(chat(i));
    })();
  }
  db.close();
  return dir;
}

async function million(record: RecordFigure): Promise<void> {
  const n = 1_000_000;
  const t0 = performance.now();
  const dir = filledDataDir(n);
  console.log(`  (filled a history of ${n} messages in ${Math.round((performance.now() - t0) / 1000)} s)`);
  const startMs = async (dataDir: string | undefined, extra: string[]) => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      const node = new ProcNode(
        ['--loopback', '--json', '--discovery-port', String(45000 + i), '--name', 'big', ...extra],
        dataDir ? { dataDir } : {},
      );
      await node.waitFor((e) => e.event === 'ready', 60_000);
      runs.push(performance.now() - s);
      await node.stop();
    }
    return runs.sort((a, b) => a - b)[1] as number;
  };
  const empty = await startMs(undefined, []);
  const full = await startMs(dir, []);
  record('start-up with 1 M messages in the history', full, 'ms', empty, { messages: n, history_shown: 20, baseline: 'empty history' });

  const node = new ProcNode(['--loopback', '--json', '--discovery-port', '45010', '--name', 'big', '--history', '0'], { dataDir: dir });
  await node.ready();
  const times: number[] = [];
  for (const q of ['deploy coffee', 'message number 999999', 'nothing-matches-this']) {
    const before = node.events.length;
    const s = performance.now();
    node.send(`/search ${q}`);
    await node.waitFor((e) => e.event === 'history' && node.events.indexOf(e) >= before, 60_000);
    times.push(performance.now() - s);
  }
  await node.stop();
  record('/search over 1 M messages (median of 3 queries)', times.sort((a, b) => a - b)[1] as number, 'ms', null, {
    messages: n,
    shown: 200,
  });

  const store = openSqliteStore(path.join(dir, 'history.db'));
  const h0 = performance.now();
  store.heads();
  record('catch-up heads over 1 M room messages (first link)', performance.now() - h0, 'ms', null, {
    messages: n,
    authors: AUTHORS.length,
  });
  store.close();
  rmSync(dir, { recursive: true, force: true });
}

export async function storeFigures(record: RecordFigure, nodeRate: number | null): Promise<void> {
  await perMessage(record, nodeRate);
  await million(record);
}
