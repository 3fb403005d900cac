import { expect } from 'chai';
import type { Chat } from '../../../src/wire/protocol/messages.js';
import { Metrics } from '../../../src/console/doctor/metrics.js';
import { ALICE, BOB } from '../../support/node-harness.js';

const chat = { from_id: ALICE, from_name: 'alice', content: 'hi', timestamp: 1 } as Chat;
const peer = (id: string) => ({
  id,
  name: id.slice(0, 4),
  address: 'a',
  port: 1,
  legacy: false,
  verified: true,
  fingerprint: '',
  state: 'connected' as const,
  lastSeen: 0,
  rtt: 1.5,
});

describe('streams/metrics', () => {
  it('counts chats and bytes per peer both ways, and messages per second over 10 s', () => {
    const m = new Metrics();
    m.input({ type: 'CHAT_IN', peerId: ALICE, linkId: 'L', chat, at: 0 }, 1_000);
    m.input({ type: 'CHAT_IN', peerId: ALICE, linkId: 'L', chat, at: 0 }, 2_000);
    m.written(BOB, { type: 'Chat', body: chat }, 3_000);
    m.written(BOB, { type: 'Exit', body: BOB }, 3_000);
    const s = m.snapshot(5_000, [peer(ALICE), peer(BOB)]);
    const bytes = Buffer.byteLength(`{"Chat":{"from_id":"${ALICE}","from_name":"alice","content":"hi","timestamp":1}}`);
    expect(s.peers.map((p) => [p.messagesIn, p.messagesOut, p.bytesIn, p.bytesOut])).to.deep.equal([
      [2, 0, 2 * bytes, 0],
      [0, 1, 0, bytes],
    ]);
    expect(s.messagesPerSecond).to.equal(0.3);
    expect(m.snapshot(20_000, []).messagesPerSecond).to.equal(0);
  });

  it('counts drops by reason', () => {
    const m = new Metrics();
    for (const code of ['RATE_LIMITED', 'BAD_JSON', 'NOT_UTF8', 'FRAME_TOO_LARGE', 'BAD_SIGNATURE', 'UNKNOWN_COMMAND'] as const)
      m.error(code);
    expect(m.snapshot(0, []).drops).to.deep.equal({ rate_limit: 1, decode: 2, size: 1, refused: 1 });
  });
});
