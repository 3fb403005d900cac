import { expect } from 'chai';
import { setup } from 'xstate';
import { peerMachine, outboxMachine } from '../../machines/index.js';
import { chartOf } from '../../src/ui/chart.js';
import { layoutChart, type ChartBox } from '../../src/ui/chart-layout.js';

const inside = (inner: ChartBox, outer: ChartBox) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

describe('ui/chart: statecharts read from the machine definitions (issue 16)', () => {
  it("the peer machine's chart has every state, nested as defined, with the events, guards and delays of its arrows", () => {
    const c = chartOf(peerMachine);
    const paths = c.states.map((s) => s.path);
    for (const p of [
      'new',
      'discovered',
      'discovered.dialing',
      'connected',
      'connected.heartbeat',
      'connected.liveness.fresh',
      'stale',
      'stale.backoff',
      'gone',
    ])
      expect(paths).to.include(p);
    expect(c.states.find((s) => s.path === 'connected')?.type).to.equal('parallel');
    expect(c.states.find((s) => s.path === 'connected.liveness')?.parent).to.equal('connected');
    const arrow = (from: string, to: string) => c.edges.find((e) => e.source === from && e.target === to)?.text;
    expect(arrow('connected', 'stale')).to.equal('LINK_DOWN [isCurrentLink]');
    expect(arrow('connected.liveness.fresh', 'stale')).to.equal('after staleAfter');
    expect(arrow('discovered.dialing', 'discovered.unreachable')).to.equal('DIAL_FAILED [lastAttempt]');
    // Taken from any state: the root's own transitions are listed, not drawn.
    expect(c.global.map((g) => g.text)).to.include('EXIT [rightChannel] → gone');
  });

  it('a change to a machine changes the chart, with no hand edit', () => {
    const before = setup({}).createMachine({ id: 'm', initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } });
    const after = setup({ guards: { ready: () => true } }).createMachine({
      id: 'm',
      initial: 'a',
      states: { a: { on: { GO: { guard: 'ready', target: 'c' } } }, b: {}, c: { type: 'final' } },
    });
    expect(chartOf(before).edges.map((e) => `${e.source}→${e.target} ${e.text}`)).to.deep.equal(['a→b GO']);
    expect(chartOf(after).edges.map((e) => `${e.source}→${e.target} ${e.text}`)).to.deep.equal(['a→c GO [ready]']);
    expect(chartOf(after).states.find((s) => s.path === 'c')?.type).to.equal('final');
  });

  it('several events between the same two states are one arrow carrying every label', () => {
    const stale = chartOf(peerMachine).edges.filter((e) => e.source === 'stale' && e.target === 'connected');
    expect(stale).to.have.length(1);
    expect(stale[0]?.events).to.include.members(['TRAFFIC', 'LINK_UP']);
  });

  it('ELK lays it out: every state inside its parent, siblings apart, every arrow routed and labelled', async () => {
    const chart = chartOf(peerMachine);
    const laid = await layoutChart(chart);
    const box = new Map(laid.boxes.map((b) => [b.path, b]));
    expect(laid.boxes).to.have.length(chart.states.length);
    for (const s of chart.states) {
      const b = box.get(s.path);
      const parent = s.parent === null ? undefined : box.get(s.parent);
      expect(b, s.path).to.not.equal(undefined);
      if (b && parent) expect(inside(b, parent), `${s.path} inside ${s.parent}`).to.equal(true);
    }
    const siblings = laid.boxes.filter((b) => !b.path.includes('.'));
    for (const a of siblings)
      for (const b of siblings)
        if (a !== b) expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y).to.equal(true);
    expect(laid.arrows).to.have.length(chart.edges.length);
    for (const a of laid.arrows) {
      expect(a.points.length, a.id).to.be.at.least(2);
      expect(a.label, a.id).to.not.equal(null);
    }
  });

  it('the outbox machine charts too (always and delayed arrows, a self-loop)', async () => {
    const laid = await layoutChart(chartOf(outboxMachine));
    expect(laid.arrows.map((a) => `${a.source}→${a.target}`)).to.include.members(['choosing→sending', 'away→away']);
  });
});
