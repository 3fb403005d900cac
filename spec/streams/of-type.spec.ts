import { expect } from 'chai';
import { from, toArray, firstValueFrom } from 'rxjs';
import type { Emitted } from '../../machines/index.js';
import { ofType } from '../../streams/index.js';

describe('streams/ofType', () => {
  it('passes the effects of one type, in order, and nothing else', async () => {
    const emitted: Emitted[] = [
      { type: 'dial', peerId: 'a', address: '10.0.0.2', port: 1 },
      { type: 'rebeacon' },
      { type: 'dial', peerId: 'b', address: '10.0.0.3', port: 2 },
      { type: 'error', error: { code: 'UNKNOWN_PEER', message: 'm' } },
    ];
    const dials = await firstValueFrom(from(emitted).pipe(ofType('dial'), toArray()));
    expect(dials.map((d) => d.peerId)).to.deep.equal(['a', 'b']);
  });
});
