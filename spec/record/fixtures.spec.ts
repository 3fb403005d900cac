import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replayJson } from '../support/replay-json.js';

/**
 * Recordings made by real nodes (spec/fixtures/make-fixtures.ts), checked in,
 * replayed on a virtual clock: their timelines are the node's behaviour.
 */
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/${name}.jsonl`, import.meta.url)), 'utf8');

/** `name:state` for each peer state change and `from: content` for each chat, in order. */
async function timeline(name: string): Promise<string[]> {
  const out = await replayJson(fixture(name));
  return out.flatMap((e) => {
    if (e['event'] === 'peer')
      return [`${String(e['name'])}:${String(e['state'])}${typeof e['reason'] === 'string' ? `(${e['reason']})` : ''}`];
    if (e['event'] === 'chat')
      return [`${e['own'] ? 'me' : String(e['from_name'])}${e['private'] ? ' (private)' : ''}: ${String(e['content'])}`];
    if (e['event'] === 'error') return [`! ${String(e['code'])}`];
    return [];
  });
}

describe('replay fixtures', () => {
  it("a recording that ends without the node stopping (SIGKILL) replays without its 'bye' (issue 11 item 11)", async () => {
    const full = fixture('crash');
    const killed = full
      .split('\n')
      .filter((l) => !l.includes('"kind":"end"'))
      .join('\n');
    expect((await replayJson(full)).at(-1)).to.deep.equal({ event: 'bye' });
    expect((await replayJson(killed)).some((e) => e['event'] === 'bye')).to.equal(false);
  });

  it('three peers chatting', async () => {
    const t = await timeline('three-peers-chatting');
    expect(t.filter((l) => l.includes(':connected'))).to.have.members(['bob:connected', 'carol:connected']);
    expect(t.filter((l) => !l.includes(':'))).to.deep.equal([]);
    expect(t.filter((l) => l.includes(': '))).to.deep.equal(['bob: hi alice and carol', 'me: hello both', 'carol (private): just you']);
  });

  it('a crash: connected, stale at once (the socket closed), gone after gone-after', async () => {
    const t = await timeline('crash');
    expect(t).to.deep.equal(['bob:discovered', 'bob:connected', 'bob:stale', 'bob:gone(timeout)']);
  });

  it('a partition and return: stale while silent, connected again, chat flows', async () => {
    const t = await timeline('partition-and-return');
    expect(t).to.deep.equal(['bob:discovered', 'bob:connected', 'bob:stale', 'bob:connected', 'bob: back again']);
  });

  it('hostile input: every attack refused, the real peer unaffected', async () => {
    const t = await timeline('hostile-input');
    expect(t).to.include.members(['! BAD_JSON', '! UNEXPECTED_MESSAGE', '! LEGACY_IMPERSONATION', 'bob: still fine']);
    expect(t.filter((l) => l.includes('forged'))).to.deep.equal([]);
    expect(t).to.include('evil\u001b[2J: ansi \u001b[31mred'); // raw in JSON; the console sanitises
    expect(t.filter((l) => l.startsWith('bob:'))).to.not.include('bob:gone(exit)');
  });

  it('original-format (legacy) traffic: an unverified peer, chat both ways', async () => {
    const out = await replayJson(fixture('legacy'));
    const peer = out.find((e) => e['event'] === 'peer' && e['state'] === 'connected');
    expect(peer).to.deep.include({ name: 'Oldie', legacy: true, verified: false });
    const chats = out.filter((e) => e['event'] === 'chat').map((e) => [e['content'], e['verified'], Boolean(e['own'])]);
    expect(chats).to.deep.equal([
      ['hello old friend', true, true],
      ['hi from the past', false, false],
    ]);
  });
});
