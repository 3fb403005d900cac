import { expect } from 'chai';
import type { SystemFacts } from '../../../src/wire/ports/index.js';
import { diagnose, type Observations } from '../../../src/console/doctor/diagnose.js';
import { peerView } from '../../support/peer-view.js';

const seen = (more: Partial<Observations> = {}): Observations => ({
  seconds: 6,
  beacons: 10,
  errors: {},
  peers: [],
  legacy: false,
  discoveryPort: 9999,
  ...more,
});
const codes = (o: Observations) => diagnose(o).map((f) => f.code);

describe('console/diagnose: the doctor, from what the node has seen (issue 14)', () => {
  it('nothing heard is the first thing said, with the port to open', () => {
    const [f] = diagnose(seen({ beacons: 0 }));
    expect(f?.code).to.equal('NOTHING_HEARD');
    expect(f?.fix).to.include('UDP 9999');
  });

  it('each kind of trouble gets its own finding and fix, most blocking first', () => {
    const f = diagnose(
      seen({
        errors: { STALE_BEACON: 3, REFUSED_BY_PEER: 1, KEY_CHANGED: 2, LEGACY_IGNORED: 4, CONNECT_FAILED: 4 },
        peers: [peerView('a', 'bob', { state: 'discovered' }), peerView('b', 'carol')],
      }),
    );
    expect(f.map((x) => x.code)).to.deep.equal(['CLOCK_SKEW', 'REFUSED', 'KEY_CHANGED', 'NO_LINK', 'ORIGINAL_NODE', 'LINKED']);
    expect(f.find((x) => x.code === 'NO_LINK')?.text).to.include('bob');
    expect(f.every((x) => x.level === 'ok' || x.fix !== null)).to.equal(true);
  });

  it('an original node with --legacy on is no finding; a quiet healthy LAN says so', () => {
    expect(codes(seen({ errors: { LEGACY_IGNORED: 1 }, legacy: true }))).to.deep.equal(['ALONE']);
    expect(codes(seen({ peers: [peerView('a', 'bob')] }))).to.deep.equal(['LINKED']);
  });

  it('failed dials with every peer linked are no finding: they were raced links', () => {
    expect(codes(seen({ errors: { HANDSHAKE_FAILED: 2 }, peers: [peerView('a', 'bob')] }))).to.deep.equal(['LINKED']);
  });
  it("the system's part: beacons refused (some or all), another program on a port, a firewall rule, a data dir in use (issue 14)", () => {
    const sys = (over: Partial<SystemFacts> = {}): SystemFacts => ({
      beacons: { targets: ['10.0.0.255', '255.255.255.255'], failed: [] },
      holders: [],
      firewall: [],
      dataDirInUse: null,
      rooms: null,
      ...over,
    });
    const quiet = seen({ beacons: 3 });
    expect(codes({ ...quiet, system: sys() })).to.deep.equal(['ALONE']);
    const some = diagnose({
      ...quiet,
      system: sys({
        beacons: { targets: ['10.0.0.255', '255.255.255.255'], failed: [{ address: '255.255.255.255', code: 'ENETUNREACH' }] },
      }),
    });
    expect(some[0]).to.deep.include({ code: 'SEND_FAILING', level: 'warning' });
    expect(some[0]?.text).to.equal('the system refuses beacons to 255.255.255.255 (no route); they still go to 10.0.0.255');
    const all = diagnose({
      ...quiet,
      system: sys({ beacons: { targets: ['10.9.0.255'], failed: [{ address: '10.9.0.255', code: 'ENETUNREACH' }] } }),
    });
    expect(all[0]).to.deep.include({ code: 'SEND_FAILING', level: 'problem' });
    expect(codes({ ...quiet, system: sys({ beacons: { targets: [], failed: [] } }) })[0]).to.equal('NO_INTERFACE');
    const held = diagnose({ ...quiet, system: sys({ holders: [{ pid: 42, command: 'avahi', port: 9999, proto: 'udp' }] }) });
    expect(held[0]?.text).to.match(/^UDP 9999 is also held by another program: avahi \(pid 42\)/);
    const fw = diagnose({ ...quiet, system: sys({ firewall: ['udp dport 9999 drop'] }) });
    expect(fw[0]).to.deep.include({ code: 'FIREWALL_DROPS', level: 'problem' });
    expect(codes({ ...quiet, system: sys({ firewall: null }) })).to.include('FIREWALL_UNKNOWN');
    expect(codes({ ...quiet, system: sys({ dataDirInUse: 'data directory d is in use (pid 7)' }) })[0]).to.equal('DATA_DIR_IN_USE');
    const lonely = diagnose({ ...quiet, system: sys({ rooms: { rooms: ['team'], nodes: 0, bootstrap: ['10.0.0.1:49737'] } }) });
    expect(lonely[0]).to.deep.include({ code: 'BOOTSTRAP_UNREACHABLE', level: 'problem' });
    expect(lonely[0]?.text).to.equal('in room team, but no DHT node answers: the bootstrap node 10.0.0.1:49737 is unreachable');
    expect(codes({ ...quiet, system: sys({ rooms: { rooms: ['team'], nodes: 3, bootstrap: [] } }) })).to.not.include(
      'BOOTSTRAP_UNREACHABLE',
    );
  });
});
