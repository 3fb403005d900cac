import { expect } from 'chai';
import { TestScheduler } from 'rxjs/testing';
import { beaconTicks, datagramEvents } from '../../streams/discovery.js';
import type { Datagram } from '../../src/wire/ports/index.js';
import { LIMITS } from '../../src/wire/protocol/limits.js';
import { ALICE, SELF } from '../support/node-harness.js';

const scheduler = () =>
  new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b);
  });

const dg = (text: string, address = '10.0.0.2'): Datagram => ({ data: Buffer.from(text), address, port: 9999 });
const discovery = (id: string, extra = ',"version":1') => `{"Discovery":{"id":"${id}","name":"alice","ip":"10.0.0.2","port":4000${extra}}}`;

describe('streams/discovery', () => {
  describe('beaconTicks', () => {
    it('beacons at once, then every interval', () => {
      const ts = scheduler();
      ts.run(({ cold, expectObservable }) => {
        const asked = cold<unknown>('-');
        // Interval 5: start-up extras (250, 1000 ms) fall after it and are left out.
        expectObservable(beaconTicks(5, asked, LIMITS.rebeaconMs, ts), '^ 12ms !').toBe('a 4ms b 4ms c', {
          a: undefined,
          b: undefined,
          c: undefined,
        });
      });
    });

    it('two extra beacons at start-up, then the period', () => {
      const ts = scheduler();
      ts.run(({ cold, expectObservable }) => {
        expectObservable(beaconTicks(5000, cold('-'), LIMITS.rebeaconMs, ts), '^ 5001ms !').toBe('x 249ms x 749ms x 3999ms x', {
          x: undefined,
        });
      });
    });

    it('extra beacons on request, at most one per gap (leading and trailing)', () => {
      const ts = scheduler();
      ts.run(({ hot, expectObservable }) => {
        // interval 100: only the first periodic beacon falls in the window.
        const asked = hot<unknown>('--aaa------a');
        expectObservable(beaconTicks(100, asked, 3, ts), '^ 14ms !').toBe('x-x--x-----x', { x: undefined });
      });
    });
  });

  describe('datagramEvents', () => {
    it('turns datagrams into BEACON, TRAFFIC and EXIT, stamped by the injected clock', () => {
      scheduler().run(({ cold, expectObservable }) => {
        const in$ = cold('a-b-c', {
          a: dg(discovery(ALICE)),
          b: dg(`{"Heartbeat":"${ALICE}"}`),
          c: dg(`{"Exit":"${ALICE}"}`),
        });
        const out$ = datagramEvents(in$, { selfId: SELF, now: () => 42 });
        expectObservable(out$).toBe('a-b-c', {
          a: {
            type: 'BEACON',
            discovery: { id: ALICE, name: 'alice', ip: '10.0.0.2', port: 4000, version: 1 },
            address: '10.0.0.2',
            legacy: false,
            fingerprint: '',
            at: 42,
          },
          b: { type: 'TRAFFIC', peerId: ALICE, linkId: null, at: 42 },
          c: { type: 'EXIT', peerId: ALICE, linkId: null, at: 42 },
        });
      });
    });

    it('an original Discovery (no version) is a legacy beacon', () => {
      scheduler().run(({ cold, expectObservable }) => {
        const out$ = datagramEvents(cold('a', { a: dg(discovery(ALICE, '')) }), { selfId: SELF, now: () => 0 });
        expectObservable(out$).toBe('a', {
          a: {
            type: 'BEACON',
            discovery: { id: ALICE, name: 'alice', ip: '10.0.0.2', port: 4000 },
            address: '10.0.0.2',
            legacy: true,
            fingerprint: '',
            at: 0,
          },
        });
      });
    });

    it('drops its own beacons, and in loopback mode anything from elsewhere', () => {
      scheduler().run(({ cold, expectObservable }) => {
        const in$ = cold('a-b', { a: dg(discovery(SELF), '127.0.0.1'), b: dg(discovery(ALICE), '10.0.0.2') });
        expectObservable(datagramEvents(in$, { selfId: SELF, now: () => 0, acceptFrom: (a) => a.startsWith('127.') })).toBe('---');
      });
    });

    it('bad datagrams become one named error each, naming the source; the stream goes on', () => {
      scheduler().run(({ cold, expectObservable }) => {
        const in$ = cold('a-b-c-d', {
          a: dg('{"Discovery":'),
          b: dg(' '.repeat(1025)),
          c: dg('{"Chat":{"from_id":"x"}}'),
          d: dg(discovery(ALICE)),
        });
        const out$ = datagramEvents(in$, { selfId: SELF, now: () => 0 });
        expectObservable(out$).toBe('a-b-c-d', {
          a: {
            type: 'error',
            error: { code: 'BAD_JSON', message: `not JSON: Unexpected end of JSON input (from 10.0.0.2:9999)` },
            source: '10.0.0.2',
          },
          b: {
            type: 'error',
            error: { code: 'DATAGRAM_TOO_LARGE', message: 'message of 1025 bytes exceeds 1024 (from 10.0.0.2:9999)' },
            source: '10.0.0.2',
          },
          c: {
            type: 'error',
            error: {
              code: 'BAD_FIELDS',
              message:
                'Chat: from_id: expected PeerId, got "x"; from_name: expected Name, got undefined; content: expected Content, got undefined (from 10.0.0.2:9999)',
            },
            source: '10.0.0.2',
          },
          d: {
            type: 'BEACON',
            discovery: { id: ALICE, name: 'alice', ip: '10.0.0.2', port: 4000, version: 1 },
            address: '10.0.0.2',
            legacy: false,
            fingerprint: '',
            at: 0,
          },
        });
      });
    });
  });
});
