import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { FileResultC } from '../../../src/wire/ports/file-result.js';
import type { FileResult, StoredTransfer, SystemFacts, TransferPhase } from '../../../src/wire/ports/index.js';
import { StoredTransferC } from '../../../src/wire/ports/stored-transfer.js';
import { recordedFacts } from '../../../src/wire/ports/system-facts.js';
import { p2pError } from '../../../src/wire/protocol/errors.js';
import { Offer } from '../../../src/wire/protocol/files.js';
import { LIMITS } from '../../../src/wire/protocol/limits.js';

const offer = (() => {
  const r = Offer.decode({
    id: 'e0000000-0000-4000-8000-000000000001',
    name: 'a',
    size: 3,
    files: [{ path: 'a', size: 3, sha256: 'b'.repeat(64) }],
    piece: LIMITS.pieceBytes,
    pieces: Buffer.alloc(32).toString('base64'),
  });
  if (E.isLeft(r)) throw new Error('offer');
  return r.right;
})();

// Every phase the type has, and no other: the compiler holds this list to TransferPhase.
const PHASES: Record<TransferPhase, null> = {
  offering: null,
  serving: null,
  asking: null,
  opening: null,
  moving: null,
  finishing: null,
  done: null,
  failed: null,
  rejected: null,
  cancelled: null,
};

const transfer: StoredTransfer = {
  id: offer.id,
  peerId: 'peer',
  peerName: 'bob',
  direction: 'outgoing',
  offer,
  source: '/home/a',
  phase: 'serving',
  verified: 'AA==',
  at: 42,
};

describe('stored records round-trip through their codecs', () => {
  it('a stored transfer, in every phase, decodes to itself', () => {
    expect(StoredTransferC.decode(transfer)).to.deep.equal(E.right(transfer));
    const incoming: StoredTransfer = { ...transfer, direction: 'incoming', source: null };
    for (const phase of Object.keys(PHASES))
      expect(StoredTransferC.decode({ ...incoming, phase })).to.deep.equal(E.right({ ...incoming, phase }));
    expect(E.isLeft(StoredTransferC.decode({ ...transfer, phase: 'lost' }))).to.equal(true);
  });

  it("the system's facts decode to themselves, with and without rooms and a firewall", () => {
    const facts: SystemFacts = {
      beacons: { targets: ['192.168.1.255'], failed: [{ address: '10.0.0.255', code: 'ENETUNREACH' }] },
      holders: [{ pid: 7, command: 'avahi', port: 41234, proto: 'udp' }],
      firewall: ['drop udp dport 41234'],
      dataDirInUse: 'pid 9',
      rooms: { rooms: ['team'], nodes: 3, bootstrap: [] },
    };
    expect(recordedFacts(facts)).to.deep.equal(facts);
    const bare: SystemFacts = { beacons: { targets: [], failed: [] }, holders: [], firewall: null, dataDirInUse: null, rooms: null };
    expect(recordedFacts(bare)).to.deep.equal(bare);
    expect(recordedFacts({ ...bare, holders: [{ pid: 7, command: 'x', port: 1, proto: 'sctp' }] })).to.equal(null);
  });

  it("each of the files' disk results decodes to itself", () => {
    const results: FileResult[] = [
      { type: 'PREPARED', request: 'r1', offer, source: '/home/a', skipped: 0, error: null },
      { type: 'PREPARED', request: 'r2', offer: null, source: '/home/b', skipped: 2, error: p2pError('TRANSFER_FAILED', 'unreadable') },
      { type: 'OPENED', id: offer.id, error: null },
      { type: 'WRITTEN', id: offer.id, pass: 1, offset: 0, bytes: 3 },
      { type: 'PIECE_CHECKED', id: offer.id, pass: 1, piece: 0, sha256: 'b'.repeat(64) },
      { type: 'FINISHED', id: offer.id, error: 'EACCES', path: '/downloads/a' },
    ];
    for (const r of results) expect(FileResultC.decode(r)).to.deep.equal(E.right(r));
    expect(E.isLeft(FileResultC.decode({ ...results[1], error: { code: 'NOT_A_CODE', message: 'x' } }))).to.equal(true);
  });
});
