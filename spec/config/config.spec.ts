import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { parseConfig } from '../../src/config/config.js';
import { parseDuration } from '../../src/base/duration.js';

const run = (argv: string[]) => {
  const r = parseConfig(argv, { name: 'me@host', dataDir: '/home/me/.p2p-chat' });
  if (E.isLeft(r)) return r.left;
  return r.right.kind === 'run' ? r.right.config : r.right.kind;
};

describe('config', () => {
  it('durations: milliseconds or a number with a unit', () => {
    expect(['500', '500ms', '3s', '1.5s', '1m', 'x', '-1', '3h', '7d', '2w'].map(parseDuration)).to.deep.equal([
      500,
      500,
      3000,
      1500,
      60000,
      null,
      null,
      10_800_000,
      604_800_000,
      null,
    ]);
  });

  it('defaults match the README', () => {
    expect(run([])).to.deep.include({
      name: 'me@host',
      port: 0,
      discoveryPort: 9999,
      beaconInterval: 5000,
      heartbeatInterval: 1000,
      staleAfter: 3000,
      goneAfter: 15000,
      loopback: false,
      legacy: false,
      json: false,
      broadcast: [],
      dataDir: '/home/me/.p2p-chat',
      record: null,
      force: false,
      quiet: false,
      timeFormat: 'hms',
      inspect: false,
      ui: null,
      chatRate: 32,
      families: 'both',
    });
  });

  it('takes every flag', () => {
    const c = run([
      '--name',
      'bob',
      '--port',
      '7000',
      '--discovery-port',
      '19999',
      '--beacon-interval',
      '2s',
      '--broadcast',
      '10.0.0.255',
      '--broadcast',
      '10.1.0.255',
      '--loopback',
      '--heartbeat-interval',
      '200ms',
      '--stale-after',
      '1s',
      '--gone-after',
      '5s',
      '--legacy',
      '--json',
      '--data-dir',
      '/tmp/d',
      '--downloads',
      '/tmp/dl',
      '--accept-from',
      'trusted',
      '--room',
      'team',
      '--room',
      'other~AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      '--bootstrap',
      '10.77.0.254:49737',
      '--reachable',
    ]);
    expect(c).to.deep.equal({
      name: 'bob',
      port: 7000,
      discoveryPort: 19999,
      beaconInterval: 2000,
      broadcast: ['10.0.0.255', '10.1.0.255'],
      loopback: true,
      heartbeatInterval: 200,
      staleAfter: 1000,
      goneAfter: 5000,
      legacy: true,
      json: true,
      dataDir: '/tmp/d',
      record: null,
      force: false,
      quiet: false,
      timeFormat: 'hms',
      inspect: false,
      ui: null,
      chatRate: 32,
      history: 20,
      expire: 604_800_000,
      keep: null,
      // --loopback is IPv4 (127.0.0.1).
      families: 'ipv4',
      downloads: '/tmp/dl',
      acceptFrom: 'trusted',
      rooms: ['team', 'other~AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
      bootstrap: ['10.77.0.254:49737'],
      reachable: true,
    });
    expect(run(['--bootstrap', 'nowhere'])).to.equal('--bootstrap: expected HOST:PORT, got "nowhere"');
    const boot = parseConfig(['bootstrap', '--port', '49737', '--host', '10.77.0.254'], { name: 'x', dataDir: 'd' });
    expect(E.isRight(boot) && boot.right).to.deep.equal({ kind: 'bootstrap', port: 49737, host: '10.77.0.254' });
  });

  it('files: downloads default to the one given (~/Downloads/p2p-chat); --accept-from is ask or trusted (issue 13)', () => {
    const r = parseConfig([], { name: 'me', dataDir: '/home/me/.p2p-chat', downloads: '/home/me/Downloads/p2p-chat' });
    expect(E.isRight(r) && r.right.kind === 'run' && [r.right.config.downloads, r.right.config.acceptFrom]).to.deep.equal([
      '/home/me/Downloads/p2p-chat',
      'ask',
    ]);
    const bad = parseConfig(['--accept-from', 'anyone'], { name: 'me', dataDir: 'd' });
    expect(E.isLeft(bad) && bad.left).to.match(/--accept-from: expected ask or trusted/);
  });

  it('a negative number is a range error, not "ambiguous"; replay --help is help (issue 11 item 7)', () => {
    const d = { name: 'x', dataDir: 'd' };
    const neg = parseConfig(['--port', '-1'], d);
    expect(E.isLeft(neg) && neg.left).to.equal('--port: expected a port 0-65535, got "-1"');
    const rate = parseConfig(['--chat-rate', '-5'], d);
    expect(E.isLeft(rate) && rate.left).to.match(/--chat-rate/);
    expect(parseConfig(['replay', '--help'], d)).to.deep.equal(E.right({ kind: 'help' }));
  });

  it('--time-format: hms, hm, iso or off; anything else is one clear error (issue 11 item 17)', () => {
    const d = { name: 'x', dataDir: 'd' };
    for (const f of ['hms', 'hm', 'iso', 'off']) {
      const r = parseConfig(['--time-format', f], d);
      expect(E.isRight(r) && r.right.kind === 'run' && r.right.config.timeFormat).to.equal(f);
    }
    const bad = parseConfig(['--time-format', 'HH:MM'], d);
    expect(E.isLeft(bad) && bad.left).to.equal('--time-format: expected hms, hm, iso or off, got "HH:MM"');
  });

  it('--ui takes an optional port; --record and --inspect; replay has its own arguments', () => {
    expect(run(['--ui'])).to.deep.include({ ui: 0 });
    expect(run(['--ui', '8080', '--json'])).to.deep.include({ ui: 8080, json: true });
    expect(run(['--record', 'r.jsonl', '--inspect'])).to.deep.include({ record: 'r.jsonl', inspect: true, ui: null });
    const r = parseConfig(['replay', 'r.jsonl', '--json', '--speed', '2'], { name: 'x', dataDir: 'd' });
    expect(E.isRight(r) && r.right).to.deep.equal({ kind: 'replay', file: 'r.jsonl', json: true, speed: 2, ui: null });
    const page = (args: string[]) => {
      const p = parseConfig(['replay', 'r.jsonl', ...args], { name: 'x', dataDir: 'd' });
      return E.isRight(p) ? p.right : p.left;
    };
    expect(page(['--ui'])).to.deep.include({ kind: 'replay', ui: 0 });
    expect(page(['--ui', '8090'])).to.deep.include({ ui: 8090 });
    expect(page(['--ui', '70000'])).to.match(/replay --ui: expected a port/);
    const bad = parseConfig(['replay'], { name: 'x', dataDir: 'd' });
    expect(E.isLeft(bad) && bad.left).to.match(/one recording file/);
  });

  it('--ipv4-only and --ipv6-only choose the family; both, or --loopback with IPv6, are refused (issue 14)', () => {
    expect(run(['--ipv6-only'])).to.deep.include({ families: 'ipv6' });
    expect(run(['--ipv4-only'])).to.deep.include({ families: 'ipv4' });
    expect(run(['--ipv4-only', '--ipv6-only'])).to.match(/choose one/);
    expect(run(['--loopback', '--ipv6-only'])).to.match(/--loopback is IPv4/);
    expect(run(['--broadcast', '10.0.0.255', '--ipv6-only'])).to.match(/--broadcast is IPv4/);
  });

  it('says clearly what is wrong', () => {
    expect(run(['--port', '70000'])).to.match(/--port: expected a port/);
    expect(run(['--stale-after', 'soon'])).to.match(/--stale-after: expected a duration/);
    expect(run(['--stale-after', '500ms'])).to.match(/longer than --heartbeat-interval/);
    expect(run(['--name', 'n'.repeat(65)])).to.match(/at most 64/);
    expect(run(['--broadcast', 'everyone'])).to.match(/not an IPv4 address/);
    expect(run(['--bogus'])).to.match(/Unknown option/);
    expect(run(['-h'])).to.equal('help');
  });
});
