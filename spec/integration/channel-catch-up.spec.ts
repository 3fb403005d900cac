import { expect } from 'chai';
import { ProcNode, tempDataDir, type JsonEvent } from '../support/proc-node.js';

/**
 * Channels' catch-up with real processes on loopback, where it is easy to get
 * wrong: a channel joined once linked, a relayer not in every channel, a node
 * outside a channel after many lines of it, a line typed with its /join.
 */
const FAST = ['--heartbeat-interval', '200ms', '--stale-after', '1s', '--gone-after', '3s', '--beacon-interval', '500ms'];

const isChat = (content: string) => (e: JsonEvent) => e.event === 'chat' && e['content'] === content;
const heard = (n: ProcNode, content: string) => n.events.filter((e) => isChat(content)(e) && e['own'] !== true);

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
