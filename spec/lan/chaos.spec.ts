import { expect } from 'chai';
import { runChaos } from '../support/chaos.js';
import { canBuildLan } from '../support/netns-lan.js';

/**
 * Nothing lost under chaos: 4 hosts on a LAN of namespaces, random room and
 * private messages while nodes are SIGKILLed and restarted and cables are cut.
 * `npm run chaos -- --seed N --duration 10m` runs it longer.
 */
describe('chaos on a LAN of namespaces (seeded)', function () {
  this.timeout(240_000);

  before(function () {
    const why = canBuildLan();
    if (why) {
      console.warn(`\n  !!! CHAOS SPEC SKIPPED: ${why}. Run the suite as root. !!!\n`);
      this.skip();
    }
  });

  it("every message shown as sent reaches every intended recipient, once, in its sender's order", async () => {
    const r = await runChaos({ seed: 20261126, durationMs: 60_000, log: (l) => console.log(`      ${l}`) });
    console.log(
      `      measured: ${r.messages} messages (${r.privates} private), ${r.deliveries} deliveries owed, ${r.kills} kills, ${r.cuts} cuts; lost ${r.lost.length}, duplicates ${r.duplicates.length}, out of order ${r.outOfOrder.length}; settled in ${r.settledMs} ms`,
    );
    expect(r.messages).to.be.greaterThan(100);
    expect(r.kills).to.be.greaterThan(2);
    expect(r.cuts).to.be.greaterThan(2);
    expect(r.lost).to.deep.equal([]);
    expect(r.duplicates).to.deep.equal([]);
    expect(r.outOfOrder).to.deep.equal([]);
  });
});
