import { expect } from 'chai';
import { FrameBudget } from '../../../src/wire/protocol/frame-budget.js';
import { LIMITS } from '../../../src/wire/protocol/limits.js';

describe('FrameBudget', () => {
  it('lets a burst of control frames through, then drops, and tells the first drop apart', () => {
    const b = new FrameBudget();
    const verdicts = Array.from({ length: LIMITS.controlFrameBurst + 3 }, () => b.take('Ping', 0));
    expect(verdicts.slice(0, LIMITS.controlFrameBurst).every((v) => v === 'pass')).to.equal(true);
    expect(verdicts.slice(LIMITS.controlFrameBurst)).to.deep.equal(['first-drop', 'drop', 'drop']);
  });

  it('counts pongs, heartbeats, haves and exits as control too, and refills with time', () => {
    const b = new FrameBudget();
    const types = ['Pong', 'Heartbeat', 'Have', 'Exit'] as const;
    for (let i = 0; i < LIMITS.controlFrameBurst; i++) expect(b.take(types[i % 4] ?? 'Pong', 0)).to.equal('pass');
    expect(b.take('Heartbeat', 0)).to.equal('first-drop');
    expect(b.take('Ping', 1000 / LIMITS.controlFramesPerSecond)).to.equal('pass');
  });

  it("counts a node's announcements (status, links, channels) as control: a flood of them is a control flood", () => {
    const b = new FrameBudget();
    const types = ['Status', 'Links', 'Channels'] as const;
    for (let i = 0; i < LIMITS.controlFrameBurst; i++) expect(b.take(types[i % 3] ?? 'Channels', 0)).to.equal('pass');
    expect(b.take('Channels', 0)).to.equal('first-drop');
  });

  it('does not let a control flood hold back chats, which the window paces', () => {
    const b = new FrameBudget();
    for (let i = 0; i < LIMITS.controlFrameBurst + 10; i++) b.take('Ping', 0);
    expect(b.take('Chat', 0)).to.equal('pass');
    expect(b.take('Ack', 0)).to.equal('pass');
  });

  it('caps every frame type: a chat flood past the link budget is dropped', () => {
    const b = new FrameBudget();
    for (let i = 0; i < LIMITS.linkFrameBurst; i++) expect(b.take('Chat', 0)).to.equal('pass');
    expect(b.take('Relay', 0)).to.equal('first-drop');
    expect(b.take('Ack', 0)).to.equal('drop');
  });

  it('a flood read slowly is cut all the same: the refill between its drops forgives nothing until a quiet second', () => {
    const b = new FrameBudget();
    const perRefill = 1000 / LIMITS.controlFramesPerSecond;
    let t = 0;
    let verdict = b.take('Ping', t);
    let passes = 0;
    // Pings keep coming while the budget refills one every perRefill ms: 20 drops per refill.
    for (let i = 0; verdict !== 'cut' && i < 100_000; i++) {
      if (i % 20 === 0) t += perRefill;
      verdict = b.take('Ping', t);
      if (verdict === 'pass') passes++;
    }
    expect(verdict).to.equal('cut');
    expect(passes).to.be.at.most(LIMITS.controlFrameBurst + Math.ceil(LIMITS.framesDroppedBeforeCut / 10));
    // A link that was quiet for a second after a burst starts afresh.
    const c = new FrameBudget();
    for (let i = 0; i < LIMITS.controlFrameBurst + 10; i++) c.take('Ping', 0);
    expect(c.take('Ping', LIMITS.dropsForgivenAfterMs)).to.equal('pass');
    for (let i = 0; i < LIMITS.controlFrameBurst - 1; i++) c.take('Ping', LIMITS.dropsForgivenAfterMs);
    expect(c.take('Ping', LIMITS.dropsForgivenAfterMs)).to.equal('first-drop');
  });

  it('cuts a link that keeps flooding after its first drop', () => {
    const b = new FrameBudget();
    const verdicts = Array.from({ length: LIMITS.controlFrameBurst + LIMITS.framesDroppedBeforeCut + 1 }, () => b.take('Ping', 0));
    expect(verdicts.at(-2)).to.equal('drop');
    expect(verdicts.at(-1)).to.equal('cut');
  });
});
