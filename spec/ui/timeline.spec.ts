import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { replayTimeline } from '../support/replay-json.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('ui/timeline: a recording, scrubbed (issue 16)', () => {
  it('the model at a moment is the same whether reached forward, backward or fresh', async () => {
    const text = fixture('partition-and-return.jsonl');
    const a = await replayTimeline(text);
    const mid = (a.start + a.end) / 2;
    const fresh = JSON.stringify((await replayTimeline(text)).frameAt(mid));
    a.frameAt(a.start);
    expect(JSON.stringify(a.frameAt(mid))).to.equal(fresh);
    a.frameAt(a.end);
    expect(JSON.stringify(a.frameAt(mid))).to.equal(fresh);
  });

  it("at each marker, the peer's machine is in the state the marker names", async () => {
    const t = await replayTimeline(fixture('partition-and-return.jsonl'));
    const peerMarks = t.markers().filter((m) => m.kind === 'peer');
    expect(peerMarks.map((m) => m.text)).to.include.members(['bob connected', 'bob stale']);
    for (const m of peerMarks) {
      const frame = t.frameAt(m.at);
      const [name, state] = m.text.split(' ');
      const peer = Object.entries(frame.peers).find(([, p]) => p.view?.name === name);
      expect(peer?.[1].view?.state, m.text).to.equal(state);
      expect(frame.actors[`peer:${peer?.[0] ?? ''}`]?.state.split('.')[0], m.text).to.equal(state);
    }
  });

  it('before the first step nothing is known; markers for chats and errors are there', async () => {
    const t = await replayTimeline(fixture('three-peers-chatting.jsonl'));
    expect(Object.keys(t.frameAt(t.start - 1).peers)).to.deep.equal([]);
    expect(
      t
        .markers()
        .filter((m) => m.kind === 'chat')
        .map((m) => m.text),
    ).to.include('carol: (private)');
    const hostile = await replayTimeline(fixture('hostile-input.jsonl'));
    expect(hostile.markers().some((m) => m.kind === 'error')).to.equal(true);
  });
});
