import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { replay } from '../../src/replay.js';
import { fastLoopback, ProcNode, tempDataDir, type JsonEvent } from '../support/proc-node.js';
import { replayJson } from '../support/replay-json.js';

const keep = (e: Record<string, unknown>) => e['event'] === 'peer' || e['event'] === 'chat' || e['event'] === 'delivery';

describe('record and replay: a live session replays exactly', function () {
  this.timeout(30_000);
  const discoveryPort = 29000 + (process.pid % 20000);
  const fast = fastLoopback(discoveryPort);
  const file = path.join(tempDataDir(), 'session.jsonl');
  let live: JsonEvent[] = [];

  before(async () => {
    const alice = new ProcNode([...fast, '--name', 'alice', '--record', file]);
    const bob = new ProcNode([...fast, '--name', 'bob']);
    const carol = new ProcNode([...fast, '--name', 'carol']);
    let carol2: ProcNode | null = null;
    try {
      const [, rb, rc] = await Promise.all([alice.ready(), bob.ready(), carol.ready()]);
      await Promise.all([alice.peerState(rb['id'] as string, 'connected'), alice.peerState(rc['id'] as string, 'connected')]);
      bob.send('hello from bob');
      await alice.waitFor((e) => e.event === 'chat' && e['content'] === 'hello from bob');
      alice.send('/msg carol a secret');
      alice.send('hi all');
      await carol.waitFor((e) => e.event === 'chat' && e['content'] === 'hi all');
      // An outbox resend and a catch-up: carol dies, alice writes, carol comes back on her data dir.
      carol.signal('SIGKILL');
      await alice.peerState(rc['id'] as string, 'stale', 8000);
      alice.send('while carol was down');
      carol2 = new ProcNode([...fast, '--name', 'carol'], { dataDir: carol.dataDir });
      await carol2.waitFor((e) => e.event === 'chat' && e['content'] === 'while carol was down', 10_000);
      await alice.waitFor(
        (e) =>
          e.event === 'delivery' &&
          e['peer_id'] === rc['id'] &&
          e['state'] === 'delivered' &&
          alice.events.some((o) => o['own'] === true && o['id'] === e['id'] && o['content'] === 'while carol was down'),
      );
      carol2.signal('SIGKILL');
      await alice.peerState(rc['id'] as string, 'gone', 8000);
      alice.send('/peers');
      await alice.waitFor((e) => e.event === 'peers');
      alice.send('/quit');
      await alice.exited;
      live = alice.events;
    } finally {
      await Promise.all([alice.stop(), bob.stop(), carol.stop(), carol2?.stop()]);
    }
  });

  it('the recording has a header and one record per input, each with its time', () => {
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).to.deep.include({ type: 'header', format: 1, name: 'alice' });
    const kinds = new Set(lines.slice(1).map((l) => l['kind']));
    for (const k of ['datagram', 'link-up', 'link-message', 'link-down', 'line', 'id', 'answer', 'commit', 'end'])
      expect(kinds).to.include(k);
    const times = lines.slice(1).map((l) => l['t'] as number);
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
  });

  it('replaying it gives exactly the same peer state changes and chat events, field for field', async () => {
    const replayed = await replayJson(readFileSync(file, 'utf8'));
    const a = live.filter(keep);
    const b = replayed.filter(keep);
    expect(a.length).to.be.greaterThan(6);
    expect(b).to.deep.equal(a);
    // A peer may be met by its beacon (discovered first) or by its link (connected at once).
    expect(a.map((e) => e['state']).filter(Boolean)).to.include.members(['connected', 'stale', 'gone', 'queued', 'sent', 'delivered']);
  });

  it('everything else the node printed replays too (peers table, own messages, errors)', async () => {
    const replayed = await replayJson(readFileSync(file, 'utf8'));
    expect(replayed).to.deep.equal(live);
  });

  it('a recording that does not decode names the line', async () => {
    const text = readFileSync(file, 'utf8').split('\n');
    text[3] = '{"t":1,"kind":"datagram","address":7}';
    const r = await replay(text.join('\n'), { json: true, formatTime: () => '', print: () => undefined });
    expect(E.isLeft(r) && r.left).to.match(/^line 4 \(datagram\): not a valid record at .*address/);
    const good = readFileSync(file, 'utf8').split('\n');
    const header = JSON.parse(good[0] as string) as { config: Record<string, unknown> };
    for (const bad of [{ beaconInterval: 0 }, { heartbeatInterval: -1 }, { port: 70000 }]) {
      const badHeader = JSON.stringify({ ...header, config: { ...header.config, ...bad } });
      const r3 = await replay([badHeader, ...good.slice(1)].join('\n'), { json: true, formatTime: () => '', print: () => undefined });
      expect(E.isLeft(r3) && r3.left, JSON.stringify(bad)).to.match(/^line 1: the header's config is not a p2p-chat config/);
    }
    const late = [...good];
    late[2] = JSON.stringify({ ...(JSON.parse(good[2] as string) as object), t: 1e15 });
    const r4 = await replay(late.join('\n'), { json: true, formatTime: () => '', print: () => undefined });
    expect(E.isLeft(r4) && r4.left).to.match(/^line 3 \(\w[\w-]*\): time 1000000000000000 is more than 31 days after the start/);
    const r2 = await replay('not json', { json: true, formatTime: () => '', print: () => undefined });
    expect(E.isLeft(r2) && r2.left).to.match(/^line 1: not JSON/);
  });
});
