import { expect } from 'chai';
import Database from 'better-sqlite3';
import path from 'node:path';
import { ProcNode, tempDataDir, type JsonEvent } from '../support/proc-node.js';

/**
 * Channels with real processes on loopback: alice, bob and carol in #team, dave
 * not. A #team line reaches the members only (never dave's output or store),
 * #lan reaches all, /part really leaves, a fresh identity is handed nothing of
 * the past, and a member killed and restarted catches up both channels, once.
 */
const FAST = ['--heartbeat-interval', '200ms', '--stale-after', '1s', '--gone-after', '3s', '--beacon-interval', '500ms'];

type Name = 'alice' | 'bob' | 'carol' | 'dave' | 'erin';

const isChat = (content: string) => (e: JsonEvent) => e.event === 'chat' && e['content'] === content;
const heard = (n: ProcNode, content: string) => n.events.filter((e) => isChat(content)(e) && e['own'] !== true);

describe('integration: channels with real processes', function () {
  this.timeout(60_000);
  const discoveryPort = String(34500 + (process.pid % 20000));
  const nodes: ProcNode[] = [];
  const dirs: Record<Name, string> = {
    alice: tempDataDir(),
    bob: tempDataDir(),
    carol: tempDataDir(),
    dave: tempDataDir(),
    erin: tempDataDir(),
  };
  const start = (name: Name) => {
    const n = new ProcNode(['--loopback', '--json', '--discovery-port', discoveryPort, '--name', name, ...FAST], { dataDir: dirs[name] });
    nodes.push(n);
    return n;
  };
  const ids: Partial<Record<Name, string>> = {};
  const id = (name: Name) => ids[name] ?? '';
  let a: ProcNode, b: ProcNode, c: ProcNode, d: ProcNode;

  /** Says `content` on `from` and waits until each of `to` showed it (not own). */
  const say = async (from: ProcNode, line: string, content: string, to: ProcNode[]) => {
    from.send(line);
    await from.waitFor((e) => isChat(content)(e) && e['own'] === true, 10_000, `own ${content}`);
    await Promise.all(to.map((n) => n.waitFor((e) => isChat(content)(e) && e['own'] !== true, 20_000, content)));
  };

  before(async () => {
    [a, b, c, d] = [start('alice'), start('bob'), start('carol'), start('dave')];
    const ready = await Promise.all([a, b, c, d].map((n) => n.ready()));
    (['alice', 'bob', 'carol', 'dave'] as const).forEach((name, i) => (ids[name] = ready[i]!['id'] as string));
    const all: Array<[ProcNode, Name]> = [
      [a, 'alice'],
      [b, 'bob'],
      [c, 'carol'],
      [d, 'dave'],
    ];
    await Promise.all(all.flatMap(([n, self]) => all.filter(([, o]) => o !== self).map(([, o]) => n.peerState(id(o), 'connected'))));
    for (const n of [a, b, c]) {
      n.send('/join #team');
      await n.waitFor((e) => e.event === 'joined' && e['act'] === 'join' && e['channel'] === '#team', 10_000, 'joined #team');
    }
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('/channels lists #team with its members present, as typed', async () => {
    // Each member's announcement reaches the others on their links: wait until alice sees both.
    const listed = async () => {
      a.send('/channels');
      const mark = a.events.length;
      const got = await a.waitFor((e) => e.event === 'channels' && a.events.indexOf(e) >= mark, 5000, 'channels');
      return got['channels'] as Array<Record<string, unknown>>;
    };
    let channels = await listed();
    for (let i = 0; i < 20 && ((channels.find((ch) => ch['name'] === '#team')?.['members'] as string[] | undefined) ?? []).length < 2; i++)
      channels = await listed();
    const team = channels.find((ch) => ch['name'] === '#team');
    const lan = channels.find((ch) => ch['name'] === '#lan');
    expect(team).to.deep.include({ kind: 'lan', current: true });
    expect((team!['members'] as string[]).slice().sort()).to.deep.equal([id('bob'), id('carol')].sort());
    expect(lan).to.deep.include({ kind: 'lan', current: false });
    expect((lan!['members'] as string[]).slice().sort()).to.deep.equal([id('bob'), id('carol'), id('dave')].sort());
  });

  it('a #team line reaches bob and carol, marked #team, and never dave', async () => {
    await say(a, 'team secret plan', 'team secret plan', [b, c]);
    for (const n of [b, c])
      expect(heard(n, 'team secret plan')[0]).to.deep.include({ channel: '#team', from_id: id('alice'), private: false });
    // A #lan line after it reaching dave proves the #team one had its chance to and did not.
    await say(a, '/msg #lan fence one', 'fence one', [b, c, d]);
    expect(d.events.some((e) => JSON.stringify(e).includes('team secret plan'))).to.equal(false);
    expect(d.events.some((e) => e['channel'] === '#team')).to.equal(false);
  });

  it('a #lan line reaches all four, marked #lan', async () => {
    await say(d, 'hello lan', 'hello lan', [a, b, c]);
    for (const n of [a, b, c]) expect(heard(n, 'hello lan')[0]).to.deep.include({ channel: '#lan', from_id: id('dave') });
  });

  it('a private message stays private: one peer, no channel', async () => {
    await say(b, '/msg dave just for dave', 'just for dave', [d]);
    const got = heard(d, 'just for dave')[0]!;
    expect(got).to.deep.include({ private: true, from_id: id('bob') });
    expect(got).to.not.have.property('channel');
    await say(b, '/msg #lan fence two', 'fence two', [a, c, d]);
    expect([a, c].some((n) => n.events.some((e) => e['content'] === 'just for dave'))).to.equal(false);
  });

  it('/part #team on carol: later #team lines do not reach her', async () => {
    c.send('/part #team');
    await c.waitFor((e) => e.event === 'joined' && e['act'] === 'part' && e['channel'] === '#team', 10_000, 'parted');
    // The others hear her leave before the next line: /channels on alice no longer lists her.
    for (let i = 0; i < 50; i++) {
      a.send('/channels');
      const mark = a.events.length;
      const got = await a.waitFor((e) => e.event === 'channels' && a.events.indexOf(e) >= mark, 5000, 'channels');
      const team = (got['channels'] as Array<Record<string, unknown>>).find((ch) => ch['name'] === '#team');
      if (!(team!['members'] as string[]).includes(id('carol'))) break;
    }
    await say(a, 'after carol left', 'after carol left', [b]);
    await say(a, '/msg #lan fence three', 'fence three', [b, c, d]);
    expect(c.events.some((e) => e['content'] === 'after carol left')).to.equal(false);
  });

  it('carol back in #team: nothing of what it said while she was out, and what it says now', async () => {
    c.send('/join #team');
    await c.waitFor((e) => e.event === 'joined' && e['act'] === 'join' && c.events.filter((x) => x.event === 'joined').length >= 3);
    await say(a, 'team with carol again', 'team with carol again', [b, c]);
    await say(a, '/msg #lan fence four', 'fence four', [b, c, d]);
    expect(c.events.some((e) => e['content'] === 'after carol left')).to.equal(false);
  });

  it('bob, killed and restarted, catches up #team and #lan said while he was down, once each', async () => {
    b.signal('SIGKILL');
    await Promise.all([a.peerState(id('bob'), 'stale'), d.peerState(id('bob'), 'stale')]);
    await say(a, 'team while bob was down', 'team while bob was down', []);
    await say(d, 'lan while bob was down', 'lan while bob was down', [a, c]);
    b = start('bob');
    b.send('/join #team');
    await b.waitFor((e) => e.event === 'joined' && e['channel'] === '#team', 10_000, 'bob joined again');
    await Promise.all((['alice', 'carol', 'dave'] as const).map((o) => b.peerState(id(o), 'connected', 20_000)));
    const team = await b.waitFor(isChat('team while bob was down'), 20_000, 'team caught up');
    const lan = await b.waitFor(isChat('lan while bob was down'), 20_000, 'lan caught up');
    expect(team).to.deep.include({ channel: '#team', from_id: id('alice') });
    expect(lan).to.deep.include({ channel: '#lan', from_id: id('dave') });
    // Everyone may pass them on: shown once each all the same.
    await say(a, '/msg #lan fence five', 'fence five', [b]);
    expect(heard(b, 'team while bob was down')).to.have.length(1);
    expect(heard(b, 'lan while bob was down')).to.have.length(1);
    expect(b.events.filter((e) => e.event === 'error')).to.deep.equal([]);
  });

  it('erin, a fresh identity started after all that, is handed nothing of the past', async () => {
    const e = start('erin');
    ids.erin = (await e.ready())['id'] as string;
    e.send('/join #team');
    await Promise.all((['alice', 'bob', 'carol', 'dave'] as const).map((o) => e.peerState(id(o), 'connected', 20_000)));
    // A line said now reaches her: what was said before never does.
    await say(a, '/msg #team team after erin came', 'team after erin came', [e]);
    await say(d, 'lan after erin came', 'lan after erin came', [e]);
    const chats = e.events.filter((x) => x.event === 'chat' && x['own'] !== true);
    expect(chats.filter((x) => x['caught_up'] === true)).to.deep.equal([]);
    expect(chats.map((x) => x['content'])).to.deep.equal(['team after erin came', 'lan after erin came']);
  });

  it("dave's history.db holds no #team row, and his /history #team shows nothing", async () => {
    d.send('/history #team');
    const h = await d.waitFor((e) => e.event === 'history' || e.event === 'error', 10_000, 'history #team');
    if (h.event === 'history') expect(h['messages']).to.deep.equal([]);
    d.send('/quit');
    await d.exited;
    const db = new Database(path.join(dirs.dave, 'history.db'), { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare<[], { channel: string | null; content: string }>('SELECT channel, content FROM messages').all();
      expect(rows.filter((r) => r.channel !== '#lan' && r.channel !== null)).to.deep.equal([]);
      expect(rows.some((r) => r.content.includes('team'))).to.equal(false);
      expect(rows.map((r) => r.content)).to.include('lan while bob was down');
    } finally {
      db.close();
    }
  });
});
