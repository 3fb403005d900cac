import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, ProcNode, tempDataDir } from '../support/proc-node.js';

/** The command line as a user meets it: pipes that close, bad paths, files that exist (console issue items 4, 5). */
describe('integration: the command line', function () {
  this.timeout(20_000);
  const discoveryPort = 30500 + (process.pid % 20000);
  const common = ['--loopback', '--json', '--discovery-port', String(discoveryPort)];
  const nodes: ProcNode[] = [];
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('a reader that goes away (--json | head -1) ends the node quietly: goodbyes sent, exit 0, no stack trace', async () => {
    const bob = new ProcNode([...common, '--name', 'bob']);
    nodes.push(bob);
    await bob.ready();
    const child = spawn(process.execPath, [CLI, ...common, '--name', 'alice', '--data-dir', tempDataDir()], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    let out = '';
    const aliceId = await new Promise<string>((resolve) =>
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        const id = /"event":"ready","id":"([^"]+)"/.exec(out)?.[1];
        if (id && /"name":"bob"[^\n]*"state":"connected"/.test(out)) resolve(id);
      }),
    );
    child.stdout.destroy(); // as `head` does once it has its lines
    bob.send('anyone there?'); // alice shows it: a write into the closed pipe
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).to.equal(0);
    expect(stderr).not.to.match(/EPIPE|Error|\bat /);
    await bob.waitFor(
      (e) => e.event === 'peer' && e['id'] === aliceId && e['state'] === 'gone' && e['reason'] === 'exit',
      10_000,
      'alice gone (exit)',
    );
  });

  it('--record into a folder that does not exist stops before anything starts, exit 1, one line', async () => {
    const n = new ProcNode([...common, '--name', 'carol', '--record', '/nonexistent/dir/f.jsonl']);
    nodes.push(n);
    expect(await n.exited).to.equal(1);
    const err = n.stderr.join('');
    expect(err.trim().split('\n')).to.have.length(1);
    expect(err).to.match(/--record: \/nonexistent\/dir\/f\.jsonl: its folder does not exist/);
    expect(n.events.some((e) => e.event === 'ready')).to.equal(false);
  });

  it('--record never overwrites a file unless --force', async () => {
    const file = path.join(tempDataDir(), 'kept.jsonl');
    writeFileSync(file, 'evidence\n');
    const n = new ProcNode([...common, '--name', 'dave', '--record', file]);
    nodes.push(n);
    expect(await n.exited).to.equal(1);
    expect(n.stderr.join('')).to.match(/already exists.*--force/);
    expect(readFileSync(file, 'utf8')).to.equal('evidence\n');
    const forced = new ProcNode([...common, '--name', 'dave', '--record', file, '--force']);
    nodes.push(forced);
    await forced.ready();
    forced.send('/quit');
    expect(await forced.exited).to.equal(0);
    expect(existsSync(file) && readFileSync(file, 'utf8').startsWith('{"type":"header"')).to.equal(true);
  });

  it('a bad flag is one line and where to look, exit 2 (issue 11 item 7)', async () => {
    const n = new ProcNode(['--loopback', '--port', '-1']);
    nodes.push(n);
    expect(await n.exited).to.equal(2);
    expect(n.stderr.join('').trim().split('\n')).to.deep.equal([
      'p2p-chat: --port: expected a port 0-65535, got "-1"',
      '(see p2p-chat --help)',
    ]);
  });

  it('a data dir that cannot be made is one clear line and exit 1, not a hang (issue 11 item 9)', async () => {
    const n = new ProcNode(['--loopback', '--json'], { dataDir: '/proc/nope/p2p-chat' });
    nodes.push(n);
    expect(await n.exited).to.equal(1);
    expect(n.stderr.join('').trim()).to.match(/^p2p-chat: data directory \/proc\/nope\/p2p-chat: cannot create \/proc\/nope \(ENOENT\)/);
  });

  it('/ignore hides what a peer says, across a restart, until /unignore (issue 11 item 14)', async () => {
    const bob = new ProcNode([...common, '--name', 'bob2']);
    const carol = new ProcNode([...common, '--name', 'carol2']);
    let alice = new ProcNode([...common, '--name', 'alice2']);
    nodes.push(bob, carol);
    const [rb, rc] = await Promise.all([bob.ready(), carol.ready(), alice.ready()]);
    await Promise.all([alice.peerState(rb['id'] as string, 'connected'), alice.peerState(rc['id'] as string, 'connected')]);
    alice.send('/ignore bob2');
    await alice.waitFor((e) => e.event === 'ignore' && e['on'] === true);
    const shown = (n: ProcNode, text: string) => n.events.some((e) => e.event === 'chat' && e['content'] === text);
    bob.send('hidden one');
    carol.send('after hidden one');
    await alice.waitFor((e) => e.event === 'chat' && e['content'] === 'after hidden one');
    expect(shown(alice, 'hidden one')).to.equal(false);
    alice.send('/quit');
    await alice.exited;
    alice = new ProcNode([...common, '--name', 'alice2'], { dataDir: alice.dataDir });
    nodes.push(alice);
    await alice.ready();
    await alice.peerState(rb['id'] as string, 'connected');
    await alice.peerState(rc['id'] as string, 'connected');
    bob.send('hidden two');
    carol.send('after hidden two');
    await alice.waitFor((e) => e.event === 'chat' && e['content'] === 'after hidden two');
    expect(shown(alice, 'hidden two')).to.equal(false);
    alice.send('/unignore bob2');
    await alice.waitFor((e) => e.event === 'ignore' && e['on'] === false);
    bob.send('seen again');
    await alice.waitFor((e) => e.event === 'chat' && e['content'] === 'seen again');
  });

  it('/nick renames live: peers see "bob is now erin", same id; chat and /msg follow the new name (issue 11 item 12)', async () => {
    const fast = ['--beacon-interval', '300ms'];
    const alice = new ProcNode([...common, ...fast, '--name', 'alice3']);
    const bob = new ProcNode([...common, ...fast, '--name', 'bob3']);
    nodes.push(alice, bob);
    const [, rb] = await Promise.all([alice.ready(), bob.ready()]);
    const bobId = rb['id'] as string;
    await alice.peerState(bobId, 'connected');
    bob.send('/nick erin3');
    const renamed = await alice.waitFor((e) => e.event === 'renamed' && e['id'] === bobId, 5000, 'renamed');
    expect(renamed).to.deep.include({ from: 'bob3', to: 'erin3' });
    bob.send('hello under a new name');
    const chat = await alice.waitFor((e) => e.event === 'chat' && e['content'] === 'hello under a new name');
    expect(chat).to.deep.include({ from_id: bobId, from_name: 'erin3' });
    alice.send('/msg erin3 found you');
    await bob.waitFor((e) => e.event === 'chat' && e['content'] === 'found you');
    expect(alice.events.some((e) => e.event === 'peer' && e['id'] !== bobId && e['name'] === 'erin3')).to.equal(false);
  });

  it('/away tells peers, on links made before and after; /peers shows it; /away alone is back (issue 11 item 14)', async () => {
    const alice = new ProcNode([...common, '--name', 'alice4']);
    const bob = new ProcNode([...common, '--name', 'bob4']);
    nodes.push(alice, bob);
    const [ra, rb] = await Promise.all([alice.ready(), bob.ready()]);
    const bobId = rb['id'] as string;
    await alice.peerState(bobId, 'connected');
    bob.send('/away lunch');
    const away = await alice.waitFor((e) => e.event === 'away' && e['id'] === bobId, 5000, 'away');
    expect(away['away']).to.equal('lunch');
    alice.send('/peers');
    const peers = await alice.waitFor((e) => e.event === 'peers');
    expect((peers['peers'] as Array<Record<string, unknown>>).find((p) => p['id'] === bobId)?.['away']).to.equal('lunch');
    // A node that arrives later is told too.
    const carol = new ProcNode([...common, '--name', 'carol4']);
    nodes.push(carol);
    await carol.ready();
    await carol.waitFor((e) => e.event === 'away' && e['id'] === bobId && e['away'] === 'lunch', 10_000, 'carol told');
    bob.send('/away');
    await alice.waitFor((e) => e.event === 'away' && e['id'] === bobId && e['away'] === null, 5000, 'back');
    void ra;
  });
});
