import { expect } from 'chai';
import type { RunningNode } from '../../src/compose.js';
import { inProcess, settled, sockets } from './in-process-node.js';

describe('integration: every part starts and stops', function () {
  this.timeout(10_000);

  it('two in-process nodes connect, stop, and leave no socket open behind them', async () => {
    const baseline = sockets();
    const port = 23000 + (process.pid % 20000);
    const a = inProcess('a', port);
    const b = inProcess('b', port);
    const [na, nb]: RunningNode[] = await Promise.all([a.run(), b.run()]);
    expect(sockets().length).to.be.greaterThan(baseline.length);
    await settled(() => a.lines.some((l) => l['event'] === 'peer' && l['id'] === nb!.id && l['state'] === 'connected'), 5000);
    a.stdin.end(); // EOF is /quit
    await na!.done;
    await nb!.stop();
    expect(a.lines.at(-1)).to.deep.equal({ event: 'bye' });
    // libuv releases a closed handle a few loop turns after its close callback: wait for
    // that, with a deadline, instead of guessing a delay.
    await settled(() => sockets().length <= baseline.length, 1000);
    expect(sockets()).to.deep.equal(baseline);
  });

  it('stop() is idempotent', async () => {
    const n = inProcess('c', 24000 + (process.pid % 20000));
    const node = await n.run();
    await Promise.all([node.stop(), node.stop()]);
    await node.stop();
    expect(n.lines.filter((l) => l['event'] === 'bye')).to.have.length(1);
  });
});
