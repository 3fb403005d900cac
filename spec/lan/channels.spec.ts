import { expect } from 'chai';
import Database from 'better-sqlite3';
import path from 'node:path';
import { ProcNode, tempDataDir, type JsonEvent } from '../support/proc-node.js';
import { buildLan, LAN_FAST, lanFor, type Lan } from '../support/netns-lan.js';

/**
 * Channels across a real bridge, each node on its own host with its default
 * broadcast: alice, bob and carol in #team, dave not. Nothing of #team reaches
 * dave (output or store); bob, killed while both channels talk on, comes back
 * and catches up both; erin, a fresh identity on the LAN afterwards, is handed
 * nothing of the past. Every node shows exactly the lines it was for, once.
 * The figures are the issue's: messages per channel, deliveries, leaks,
 * backlog handed to the newcomer.
 */
type Name = 'alice' | 'bob' | 'carol' | 'dave' | 'erin';
type Channel = '#team' | '#lan';
const NAMES: readonly Name[] = ['alice', 'bob', 'carol', 'dave', 'erin'];

const chatsOf = (n: ProcNode) => n.events.filter((e) => e.event === 'chat' && e['own'] !== true);
const isChat = (content: string) => (e: JsonEvent) => e.event === 'chat' && e['content'] === content && e['own'] !== true;

describe('LAN: channels in network namespaces', function () {
  this.timeout(90_000);
  let lan: Lan | null = null;
  const all: ProcNode[] = [];
  const node: Partial<Record<Name, ProcNode>> = {};
  const on = (n: Name) => node[n]!;
  const dirs = Object.fromEntries(NAMES.map((n) => [n, tempDataDir()])) as Record<Name, string>;
  const ids: Partial<Record<Name, string>> = {};
  const id = (n: Name) => ids[n] ?? '';
  /** What each node's current process should show (not its own), by channel. */
  const expected = Object.fromEntries(NAMES.map((n) => [n, [] as Array<[Channel, string]>])) as Record<Name, Array<[Channel, string]>>;
  const said: Record<Channel, string[]> = { '#team': [], '#lan': [] };

  const start = async (name: Name) => {
    const host = lan!.hosts[NAMES.indexOf(name)]!;
    const n = new ProcNode(['--json', '--name', name, ...LAN_FAST], { netns: host.netns, dataDir: dirs[name] });
    all.push(n);
    node[name] = n;
    ids[name] = (await n.ready())['id'] as string;
    return n;
  };
  /** `from` says `text` on `channel`; each of `to` shows it (waited for), and it is owed to each of `owed` later. */
  const say = async (from: Name, channel: Channel, text: string, to: Name[], owed: Name[] = []) => {
    on(from).send(`/msg ${channel} ${text}`);
    await on(from).waitFor((e) => e.event === 'chat' && e['own'] === true && e['content'] === text, 10_000, `own ${text}`);
    said[channel].push(text);
    [...to, ...owed].forEach((n) => expected[n].push([channel, text]));
    await Promise.all(to.map((n) => on(n).waitFor(isChat(text), 20_000, `${n} shows ${text}`)));
  };
  const joinTeam = (n: Name) => {
    on(n).send('/join #team');
    return on(n).waitFor((e) => e.event === 'joined' && e['act'] === 'join' && e['channel'] === '#team', 10_000, 'joined #team');
  };
  const connected = (n: Name, others: Name[]) => Promise.all(others.map((o) => on(n).peerState(id(o), 'connected', 20_000)));
  /** Asks alice's /channels until #team lists `who` (announcements come on each link). */
  const teamListed = async (who: Name[]) => {
    const want = who.map(id).sort().join();
    for (let i = 0; i < 100; i++) {
      const a = on('alice');
      const mark = a.events.length;
      a.send('/channels');
      const got = await a.waitFor((e) => e.event === 'channels' && a.events.indexOf(e) >= mark, 5000, 'channels');
      const team = (got['channels'] as Array<Record<string, unknown>>).find((c) => c['name'] === '#team');
      if (((team?.['members'] as string[] | undefined) ?? []).slice().sort().join() === want) return;
    }
    throw new Error(`alice never listed ${who.join(', ')} in #team`);
  };

  before(function () {
    lan = lanFor(this, 'LAN CHANNEL SPECS', () => buildLan(NAMES.length));
  });
  after(async () => {
    await Promise.all(all.map((n) => n.stop()));
    lan?.destroy();
  });

  it('#team reaches its members only, #lan everyone; bob catches up both after a crash; erin is handed nothing', async () => {
    await Promise.all((['alice', 'bob', 'carol', 'dave'] as const).map(start));
    const four: Name[] = ['alice', 'bob', 'carol', 'dave'];
    await Promise.all(
      four.map((n) =>
        connected(
          n,
          four.filter((o) => o !== n),
        ),
      ),
    );
    for (const n of ['alice', 'bob', 'carol'] as const) await joinTeam(n);
    await teamListed(['bob', 'carol']);

    await say('alice', '#team', 'team 1 from alice', ['bob', 'carol']);
    await say('bob', '#team', 'team 2 from bob', ['alice', 'carol']);
    await say('dave', '#lan', 'lan 1 from dave', ['alice', 'bob', 'carol']);
    await say('carol', '#lan', 'lan 2 from carol', ['alice', 'bob', 'dave']);
    await say('bob', '#lan', 'lan 3 from bob', ['alice', 'carol', 'dave']);

    // bob crashes; both channels talk on; he comes back on his data dir and joins #team again.
    // His new process shows only what it has not: the lines said while he was down.
    on('bob').signal('SIGKILL');
    await Promise.all((['alice', 'carol', 'dave'] as const).map((n) => on(n).peerState(id('bob'), 'stale')));
    expected.bob = [];
    await say('alice', '#team', 'team 3 while bob was down', ['carol'], ['bob']);
    await say('carol', '#team', 'team 4 while bob was down', ['alice'], ['bob']);
    await say('dave', '#lan', 'lan 4 while bob was down', ['alice', 'carol'], ['bob']);
    await say('alice', '#lan', 'lan 5 while bob was down', ['carol', 'dave'], ['bob']);
    const missed = expected.bob.map(([, text]) => text);
    await start('bob');
    await joinTeam('bob');
    await Promise.all(missed.map((t) => on('bob').waitFor(isChat(t), 20_000, `bob catches up ${t}`)));
    await teamListed(['bob', 'carol']);
    await say('bob', '#team', 'team 5 from bob, back', ['alice', 'carol']);
    await say('alice', '#lan', 'lan 6 from alice', ['bob', 'carol', 'dave']);

    // erin: a fresh identity, after all of that.
    await start('erin');
    await joinTeam('erin');
    await connected('erin', four);
    await teamListed(['bob', 'carol', 'erin']);
    await say('carol', '#team', 'team 6 after erin came', ['alice', 'bob', 'erin']);
    await say('dave', '#lan', 'lan 7 after erin came', ['alice', 'bob', 'carol', 'erin']);
    // A last line from each on each channel it is in, heard by all: whatever was still coming has come.
    await say('erin', '#lan', 'lan 8 fence', ['alice', 'bob', 'carol', 'dave']);
    await say('erin', '#team', 'team 7 fence', ['alice', 'bob', 'carol']);

    const backlog = chatsOf(on('erin')).filter((x) => x['caught_up'] === true || !expected.erin.some(([, t]) => t === x['content']));
    expect(backlog, 'the fresh node was handed the past').to.deep.equal([]);
    const deliveries: Record<Channel, number> = { '#team': 0, '#lan': 0 };
    for (const name of NAMES) {
      const shown = chatsOf(on(name)).map((x): [unknown, unknown] => [x['channel'], x['content']]);
      // Exactly the lines it was for, each once, with its channel as typed.
      expect(shown.slice().sort(), `what ${name} showed`).to.deep.equal(expected[name].slice().sort());
      shown.forEach(([ch]) => (deliveries[ch as Channel] += 1));
    }
    const caughtUp = chatsOf(on('bob')).filter((x) => missed.includes(x['content'] as string) && x['caught_up'] === true).length;
    const leaks = on('dave').events.filter((x) => x['channel'] === '#team' || JSON.stringify(x).includes('team ')).length;
    expect(leaks, 'a #team line in dave’s output').to.equal(0);
    on('dave').send('/quit');
    await on('dave').exited;
    const db = new Database(path.join(dirs.dave, 'history.db'), { readonly: true, fileMustExist: true });
    let stored: Array<{ channel: string | null; content: string }>;
    try {
      stored = db.prepare<[], { channel: string | null; content: string }>('SELECT channel, content FROM messages').all();
    } finally {
      db.close();
    }
    const storedLeaks = stored.filter((r) => (r.channel !== '#lan' && r.channel !== null) || r.content.startsWith('team ')).length;
    expect(storedLeaks, 'a #team row in dave’s history.db').to.equal(0);
    expect(stored.map((r) => r.content)).to.include.members(said['#lan']);
    console.log(
      `      measured: ${said['#team'].length} #team and ${said['#lan'].length} #lan messages; deliveries shown ` +
        `#team ${deliveries['#team']}, #lan ${deliveries['#lan']} (each as expected, none twice); bob's ${missed.length} missed ` +
        `(${caughtUp} caught up, ${missed.length - caughtUp} by the outbox); leaks to dave ${leaks} in output, ${storedLeaks} in history.db; ` +
        `backlog handed to the fresh node ${backlog.length}`,
    );
  });
});
