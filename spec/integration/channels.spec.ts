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

describe('integration: a channel joined after the links are up', function () {
  this.timeout(60_000);
  const discoveryPort = String(34501 + (process.pid % 20000));
  const nodes: ProcNode[] = [];
  const dirs = { alice: tempDataDir(), bob: tempDataDir(), dave: tempDataDir() };
  const start = (name: keyof typeof dirs) => {
    const n = new ProcNode(['--loopback', '--json', '--discovery-port', discoveryPort, '--name', name, ...FAST], { dataDir: dirs[name] });
    nodes.push(n);
    return n;
  };
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });
  const joinTeam = (n: ProcNode) => {
    n.send('/join #team');
    return n.waitFor((e) => e.event === 'joined' && e['act'] === 'join' && e['channel'] === '#team', 10_000, 'joined #team');
  };

  it('a member back from a restart who joins #team once linked catches up what #team said meanwhile; a newcomer to #team gets none of its past', async () => {
    const a = start('alice');
    let b = start('bob');
    const d = start('dave');
    const [ra, rb, rd] = await Promise.all([a.ready(), b.ready(), d.ready()]);
    const ids = { alice: ra['id'] as string, bob: rb['id'] as string, dave: rd['id'] as string };
    await Promise.all([a.peerState(ids.bob, 'connected'), a.peerState(ids.dave, 'connected'), b.peerState(ids.dave, 'connected')]);
    await joinTeam(a);
    await joinTeam(b);
    a.send('team before');
    await b.waitFor(isChat('team before'), 10_000, 'team before');
    b.send('/quit');
    await b.exited;
    await a.peerState(ids.bob, 'gone');
    a.send('team while bob was away');
    await a.waitFor((e) => isChat('team while bob was away')(e) && e['own'] === true);
    b = start('bob');
    await Promise.all([b.peerState(ids.alice, 'connected'), b.peerState(ids.dave, 'connected')]);
    await joinTeam(b);
    await b.waitFor(isChat('team while bob was away'), 10_000, 'bob catches up #team after his /join');
    // dave joins #team now: what #team said before is not his.
    await joinTeam(d);
    a.send('team after dave came');
    await d.waitFor(isChat('team after dave came'), 10_000, 'dave hears #team now');
    expect(heard(d, 'team before')).to.deep.equal([]);
    expect(heard(d, 'team while bob was away')).to.deep.equal([]);
    expect(heard(b, 'team while bob was away')).to.have.length(1);
  });
});

describe('integration: catch-up when a relayer was not in every channel', function () {
  this.timeout(60_000);
  const discoveryPort = String(34502 + (process.pid % 20000));
  const nodes: ProcNode[] = [];
  const dirs = { alice: tempDataDir(), bob: tempDataDir(), dave: tempDataDir() };
  const start = (name: keyof typeof dirs, join: boolean) => {
    const n = new ProcNode(['--loopback', '--json', '--discovery-port', discoveryPort, '--name', name, ...FAST], { dataDir: dirs[name] });
    nodes.push(n);
    if (join) n.send('/join #team');
    return n;
  };
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it("a #lan line of alice's handed on by dave does not hide her earlier #team line from bob", async () => {
    const a = start('alice', true);
    let b = start('bob', true);
    const d = start('dave', false);
    const [ra, rb, rd] = await Promise.all([a.ready(), b.ready(), d.ready()]);
    const ids = { alice: ra['id'] as string, bob: rb['id'] as string, dave: rd['id'] as string };
    await Promise.all([a.peerState(ids.bob, 'connected'), a.peerState(ids.dave, 'connected'), b.peerState(ids.dave, 'connected')]);
    a.send('team before');
    await b.waitFor(isChat('team before'), 10_000, 'team before');
    b.send('/quit');
    await b.exited;
    await a.peerState(ids.bob, 'gone');
    // alice's sequence goes on across her channels: X on #team, then Y on #lan (which dave keeps).
    a.send('team X while bob was away');
    await a.waitFor((e) => isChat('team X while bob was away')(e) && e['own'] === true);
    a.send('/msg #lan lan Y while bob was away');
    await d.waitFor(isChat('lan Y while bob was away'), 10_000, 'dave has Y');
    a.send('/quit');
    await a.exited;
    // bob comes back while alice is away: dave, not in #team, hands him Y only.
    b = start('bob', true);
    await b.waitFor(isChat('lan Y while bob was away'), 20_000, 'bob catches up Y from dave');
    start('alice', true);
    await b.waitFor(isChat('team X while bob was away'), 20_000, 'bob catches up X from alice');
    expect(heard(b, 'team X while bob was away')).to.have.length(1);
  });
});

describe('integration: catch-up for a node outside a channel', function () {
  this.timeout(90_000);
  const discoveryPort = String(34503 + (process.pid % 20000));
  const nodes: ProcNode[] = [];
  const dirs = { alice: tempDataDir(), dave: tempDataDir() };
  const start = (name: keyof typeof dirs) => {
    const n = new ProcNode(['--loopback', '--json', '--discovery-port', discoveryPort, '--name', name, ...FAST], { dataDir: dirs[name] });
    nodes.push(n);
    return n;
  };
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it("alice's #team lines (none of dave's) do not make her hand dave again, at each return, every #lan line he holds, crowding out the one he lacks", async () => {
    const a = start('alice');
    let d = start('dave');
    const [ra, rd] = await Promise.all([a.ready(), d.ready()]);
    const ids = { alice: ra['id'] as string, dave: rd['id'] as string };
    await Promise.all([a.peerState(ids.dave, 'connected'), d.peerState(ids.alice, 'connected')]);
    a.send('/join #team');
    a.send('team line dave is not for');
    await a.waitFor((e) => isChat('team line dave is not for')(e) && e['own'] === true);
    a.send('/go #lan');
    const lines = Array.from({ length: 2000 }, (_, i) => `lan ${i}`);
    a.send(lines.join('\n'));
    let shown = 0;
    d.onEvent((e) => e.event === 'chat' && shown++);
    await d.until(() => shown >= 2000, 30_000, '2000 shown');
    d.send('/quit');
    await d.exited;
    await a.peerState(ids.dave, 'gone');
    a.send('said while dave was away');
    await a.waitFor((e) => isChat('said while dave was away')(e) && e['own'] === true);
    d = start('dave');
    await d.waitFor(isChat('said while dave was away'), 20_000, 'dave catches up the line he lacks');
  });
});

describe('integration: joining a channel others are in already', function () {
  this.timeout(30_000);
  const discoveryPort = String(34504 + (process.pid % 20000));
  const nodes: ProcNode[] = [];
  const start = (name: string) => {
    const n = new ProcNode(['--loopback', '--json', '--discovery-port', discoveryPort, '--name', name, ...FAST]);
    nodes.push(n);
    return n;
  };
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('a line typed with the /join, in one paste, reaches those who announced #team before we were in it', async () => {
    const [a, b] = [start('alice'), start('bob')];
    const [ra, rb] = await Promise.all([a.ready(), b.ready()]);
    await Promise.all([a.peerState(rb['id'] as string, 'connected'), b.peerState(ra['id'] as string, 'connected')]);
    b.send('/join #Team');
    await b.waitFor((e) => e.event === 'joined' && e['channel'] === '#Team', 10_000, 'bob joined');
    // bob's announcement reached alice while she was not in #team.
    b.send('/msg #lan fence');
    await a.waitFor(isChat('fence'), 10_000, 'fence');
    a.send('/join #team\nfirst words in team');
    const got = await b.waitFor(isChat('first words in team'), 10_000, 'bob hears alice in #team');
    // bob sees the name he typed.
    expect(got).to.deep.include({ channel: '#Team', from_id: ra['id'] });
  });
});
