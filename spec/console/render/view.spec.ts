import { expect } from 'chai';
import { sanitize } from '../../../src/console/render/sanitize.js';
import { renderHuman } from '../../../src/console/render/view.js';
import { renderJson } from '../../../src/console/render/view-json.js';

const opts = { color: false, formatTime: () => '12:00:00' };
const chat = { id: 'c', fromId: 'b628dd37', fromName: 'alice', content: 'hi', timestamp: 1, private: false, legacy: false, verified: true };

describe('streams/view', () => {
  it('strips escape sequences, controls and bidi overrides from what peers send', () => {
    expect(sanitize('\x1b[2J\x1b]0;pwned\x07ok')).to.equal('[2J]0;pwnedok');
    expect(sanitize('a\u202eevil\u2066b')).to.equal('aevilb');
    expect(sanitize('line1\nline2\r\x00\x7f\x9b')).to.equal('line1 ⏎ line2');
    expect(sanitize('tab\there')).to.equal('tab here');
  });

  it('renders peer names and content sanitised', () => {
    const [line] = renderHuman({ type: 'chat', chat: { ...chat, fromName: 'al\x1b[31mice', content: 'x\x1b[1A' } }, opts);
    expect(line).to.equal('[12:00:00] al[31mice: x[1A');
    expect(line).not.to.include('\x1b');
  });

  it('stamps presence lines, errors and notes with the node clock, as chat lines are (issue 11 item 17)', () => {
    const stamped = { ...opts, now: () => 1_000 };
    const peer = {
      id: 'b628dd37-0000',
      name: 'bob',
      address: '10.0.0.2',
      port: 1,
      legacy: false,
      verified: true,
      fingerprint: 'f',
      state: 'connected' as const,
      lastSeen: 0,
      rtt: null,
    };
    expect(renderHuman({ type: 'peer', peer }, stamped)[0]).to.match(/^\[12:00:00\] \+ bob \(b628dd37\) connected/);
    expect(renderHuman({ type: 'error', error: { code: 'BAD_JSON', message: 'x' } }, stamped)[0]).to.equal('[12:00:00] ! BAD_JSON: x');
    expect(renderHuman({ type: 'note', id: 'n', text: 'queued' }, stamped)[0]).to.equal('[12:00:00]   queued');
    // --time-format off: no stamp anywhere, and no empty brackets.
    const off = { ...stamped, formatTime: () => '' };
    expect(renderHuman({ type: 'chat', chat }, off)[0]).to.equal('alice: hi');
    expect(renderHuman({ type: 'peer', peer }, off)[0]).to.match(/^\+ bob/);
  });

  it('/me: an action is sent as "/me text" and shown as "* name text" (issue 11 item 14)', () => {
    expect(renderHuman({ type: 'chat', chat: { ...chat, content: '/me waves' } }, opts)[0]).to.equal('[12:00:00] * alice waves');
    expect(renderJson({ type: 'chat', chat: { ...chat, content: '/me waves' } })).to.deep.include({ content: '/me waves' });
    expect(renderHuman({ type: 'clear' }, opts)).to.deep.equal([]);
  });

  it('a multi-line message: later lines indented, at most 40 shown (issue 11 item 13)', () => {
    expect(renderHuman({ type: 'chat', chat: { ...chat, content: 'one\ntwo\r\nthree' } }, opts)).to.deep.equal([
      '[12:00:00] alice: one',
      '    two',
      '    three',
    ]);
    const long = renderHuman({ type: 'chat', chat: { ...chat, content: Array.from({ length: 100 }, (_, i) => `l${i}`).join('\n') } }, opts);
    expect(long).to.have.length(41);
    expect(long.at(-1)).to.equal('    … 60 more lines');
  });

  it('marks private and legacy messages', () => {
    expect(renderHuman({ type: 'chat', chat: { ...chat, private: true, legacy: true, verified: false } }, opts)[0]).to.equal(
      '[12:00:00] alice [legacy, unverified] → you (private): hi',
    );
  });

  it('colours only when asked (a TTY)', () => {
    expect(renderHuman({ type: 'chat', chat }, { ...opts, color: true })[0]).to.include('\x1b[');
    expect(renderHuman({ type: 'chat', chat }, opts)[0]).not.to.include('\x1b[');
  });

  it('the JSON forms carry the documented fields', () => {
    expect(renderJson({ type: 'own', chat, to: null })).to.deep.equal({
      event: 'chat',
      id: 'c',
      from_id: 'b628dd37',
      from_name: 'alice',
      content: 'hi',
      timestamp: 1,
      private: false,
      legacy: false,
      verified: true,
      own: true,
    });
    expect(renderJson({ type: 'error', error: { code: 'BAD_JSON', message: 'm' } })).to.deep.equal({
      event: 'error',
      code: 'BAD_JSON',
      message: 'm',
    });
  });

  it('the peer table lists state, last seen and RTT', () => {
    const lines = renderHuman(
      {
        type: 'peers',
        now: 2500,
        peers: [
          {
            id: 'b628dd37-x',
            name: 'alice',
            address: '10.0.0.2',
            port: 4000,
            legacy: false,
            verified: true,
            fingerprint: 'f',
            state: 'stale',
            lastSeen: 1000,
            rtt: 0.42,
          },
        ],
      },
      opts,
    );
    expect(lines[0]).to.match(/^NAME\s+ID\s+ADDRESS\s+STATE\s+LAST SEEN\s+RTT$/);
    expect(lines[1]).to.match(/^alice\s+b628dd37\s+10\.0\.0\.2:4000\s+stale\s+1\.5s ago\s+0\.4ms$/);
  });
});

describe('console/view: tables', () => {
  const stats = {
    messagesPerSecond: 2.5,
    windowSeconds: 10,
    drops: { rate_limit: 1, decode: 2, size: 0, refused: 3 },
    peers: [
      { id: 'p1', name: 'bob', state: 'connected', rtt: 0.312, lastSeen: 0, messagesIn: 12, messagesOut: 3, bytesIn: 2048, bytesOut: 512 },
      { id: 'p2', name: 'carol\x1b[31m', state: 'stale', rtt: null, lastSeen: 0, messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 },
    ],
  };

  it('/stats: the rates and drops line, then one aligned row per peer, names sanitised', () => {
    expect(renderHuman({ type: 'stats', stats }, opts)).to.deep.equal([
      '2.5 messages/s (last 10 s); dropped: 1 rate limit, 2 decode, 0 size, 3 refused',
      'PEER       STATE      RTT     MSGS IN/OUT  BYTES IN/OUT',
      'bob        connected  0.31ms  12/3         2.0 kB/512 B',
      'carol[31m  stale      -       0/0          0 B/0 B',
    ]);
  });

  it('/stats and /peers with nobody there say so', () => {
    expect(renderHuman({ type: 'stats', stats: { ...stats, peers: [] } }, opts)).to.deep.equal([
      '2.5 messages/s (last 10 s); dropped: 1 rate limit, 2 decode, 0 size, 3 refused',
      'no peers yet',
    ]);
    expect(renderHuman({ type: 'peers', peers: [], now: 0 }, opts)).to.deep.equal(['no peers yet']);
  });

  it('history: a title, then each message marked as history; nothing found says so', () => {
    const m = {
      id: 'm',
      fromId: 'b628',
      fromName: 'bob',
      toId: null,
      channel: '#lan',
      content: 'hi',
      timestamp: 1,
      own: false,
      legacy: false,
      deliveredTo: [],
    };
    expect(renderHuman({ type: 'history', messages: [m], title: 'history', names: {} }, opts)).to.deep.equal([
      '── history ──',
      'history [12:00:00] bob: hi',
    ]);
    expect(renderHuman({ type: 'history', messages: [], title: 'matching "x"', names: {} }, opts)).to.deep.equal([
      '(no messages matching "x")',
    ]);
    expect(
      renderJson({
        type: 'history',
        messages: [{ ...m, own: true, toId: 'c0ff', channel: null, deliveredTo: ['c0ff'] }],
        title: '',
        names: {},
      }),
    ).to.deep.equal({
      event: 'history',
      messages: [
        {
          id: 'm',
          from_id: 'b628',
          from_name: 'bob',
          content: 'hi',
          timestamp: 1,
          private: true,
          legacy: false,
          verified: true,
          own: true,
          to_id: 'c0ff',
          delivered_to: ['c0ff'],
        },
      ],
    });
  });
});
