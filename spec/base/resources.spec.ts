import { expect } from 'chai';
import { Resources } from '../../src/base/resources.js';

describe('base/Resources', () => {
  it('releases last taken first, each awaited before the next', async () => {
    const order: string[] = [];
    const r = new Resources(() => undefined);
    r.add('lock', () => void order.push('lock'));
    r.add('socket', async () => {
      await Promise.resolve();
      order.push('socket');
    });
    r.add('core', () => void order.push('core'));
    await r.closeAll();
    expect(order).to.deep.equal(['core', 'socket', 'lock']);
  });

  it('a release that fails is reported and the rest still run', async () => {
    const order: string[] = [];
    const failed: string[] = [];
    const r = new Resources((name, e) => failed.push(`${name}: ${e instanceof Error ? e.message : String(e)}`));
    r.add('lock', () => void order.push('lock'));
    r.add('socket', () => Promise.reject(new Error('EBADF')));
    r.add('store', () => {
      throw new Error('busy');
    });
    await r.closeAll();
    expect(order).to.deep.equal(['lock']);
    expect(failed).to.deep.equal(['store: busy', 'socket: EBADF']);
  });

  it('closes once however often it is asked, and what is added after that is released at once', async () => {
    let closed = 0;
    const r = new Resources(() => undefined);
    r.add('a', () => void closed++);
    await Promise.all([r.closeAll(), r.closeAll()]);
    await r.closeAll();
    expect(closed).to.equal(1);
    r.add('late', () => void closed++);
    await r.closeAll();
    expect(closed).to.equal(2);
  });
});
