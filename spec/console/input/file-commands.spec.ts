import { expect } from 'chai';
import type { PeerView } from '../../../machines/events.js';
import type { TransferView } from '../../../machines/transfer-events.js';
import { parseCommand } from '../../../src/console/input/commands.js';
import { interpret, type Reaction } from '../../../src/console/input/interpret.js';
import type { Output } from '../../../src/console/output.js';
import { renderHuman } from '../../../src/console/render/view.js';
import { renderJson } from '../../../src/console/render/view-json.js';
import { statusLine } from '../../../src/console/render/transfer-lines.js';
import { ALICE, BOB, SELF } from '../../support/node-harness.js';
import { peerView } from '../../support/peer-view.js';

const CAROL = 'c0c0c0c0-0000-4000-8000-000000000003';
const transfer = (id: string, fields: Partial<TransferView> = {}): TransferView => ({
  id,
  peerId: BOB,
  peerName: 'bob',
  direction: 'incoming',
  name: 'photos',
  size: 35_000_000,
  files: 12,
  bytes: 0,
  state: 'offered',
  at: 0,
  ...fields,
});
const deps = (peers: PeerView[], transfers: TransferView[] = []) => ({
  self: { id: SELF, name: 'me', fingerprint: 'ffff' },
  peers: () => peers,
  known: () => [],
  now: () => 1000,
  newId: () => 'ID',
  transfers: () => transfers,
});

/** What a reaction shows; it must be one that only shows. */
const shown = (r: Reaction): readonly Output[] => {
  expect(r.kind).to.equal('show');
  return r.kind === 'show' ? r.show : [];
};
/** The file command a reaction carries; it must be one. */
const filed = (r: Reaction) => {
  expect(r.kind).to.equal('file');
  return r.kind === 'file' ? r.file : undefined;
};

describe('console: files (issue 13)', () => {
  it('parses /send (paths with spaces, quoted or not), /accept, /reject, /cancel, /transfers', () => {
    expect(parseCommand('/send bob /home/me/My Photos')).to.deep.equal({ kind: 'send', target: 'bob', path: '/home/me/My Photos' });
    expect(parseCommand('/send "mary jane" "/tmp/a b.txt"')).to.deep.equal({ kind: 'send', target: 'mary jane', path: '/tmp/a b.txt' });
    expect(parseCommand('/send * notes.txt')).to.deep.equal({ kind: 'send', target: '*', path: 'notes.txt' });
    expect(parseCommand('/send bob').kind).to.equal('invalid');
    expect(parseCommand('/accept')).to.deep.equal({ kind: 'answer', accept: true, id: null });
    expect(parseCommand('/reject 1a2b')).to.deep.equal({ kind: 'answer', accept: false, id: '1a2b' });
    expect(parseCommand('/cancel').kind).to.equal('invalid');
    expect(parseCommand('/transfers')).to.deep.equal({ kind: 'transfers' });
  });

  it('/send to one peer, or * to every connected native peer; an original node cannot take files and says so', () => {
    const peers = [
      peerView(BOB, 'bob', { state: 'connected' }),
      peerView(ALICE, 'alice', { state: 'stale' }),
      peerView(CAROL, 'carol', { state: 'connected', legacy: true }),
    ];
    expect(interpret('/send bob x.txt', deps(peers))).to.deep.equal({
      kind: 'file',
      file: { kind: 'send', to: [{ id: BOB, name: 'bob' }], path: 'x.txt' },
    });
    expect(interpret('/send * x.txt', deps(peers))).to.deep.equal({
      kind: 'file',
      file: { kind: 'send', to: [{ id: BOB, name: 'bob' }], path: 'x.txt' },
    });
    const [err] = shown(interpret('/send carol x.txt', deps(peers)));
    expect(err).to.deep.include({ type: 'error' });
    expect(err?.type === 'error' && err.error.message).to.match(/carol is an original \(legacy\) node: it cannot take files/);
    expect(shown(interpret('/send * x', deps([])))[0]).to.deep.include({ type: 'error' });
  });

  it('/accept takes the one offer waiting; with several it asks which, by id prefix', () => {
    const one = [transfer('aaaa1111-0000-4000-8000-000000000001')];
    expect(interpret('/accept', deps([], one))).to.deep.equal({
      kind: 'file',
      file: { kind: 'event', event: { type: 'ANSWER', id: one[0]!.id, accept: true, at: 1000 } },
    });
    const two = [...one, transfer('bbbb2222-0000-4000-8000-000000000002', { name: 'notes' })];
    const [ask] = shown(interpret('/accept', deps([], two)));
    expect(ask?.type === 'error' && ask.error.message).to.match(
      /2 match; which one\? aaaa1111 \(photos from bob\), bbbb2222 \(notes from bob\)/,
    );
    expect(filed(interpret('/reject bbbb', deps([], two)))).to.deep.include({ kind: 'event' });
    const [none] = shown(interpret('/accept', deps([], [transfer('cccc', { state: 'progress' })])));
    expect(none?.type === 'error' && none.error.code).to.equal('UNKNOWN_TRANSFER');
    expect(filed(interpret('/cancel cccc', deps([], [transfer('cccc', { state: 'progress' })])))).to.deep.include({ kind: 'event' });
  });

  it('renders an offer with the commands to answer it; a live line with %, speed and time left; JSON with the issue fields', () => {
    const t = transfer('aaaa1111-0000-4000-8000-000000000001');
    expect(renderHuman({ type: 'transfer', transfer: t }, { color: false, formatTime: () => '' })).to.deep.equal([
      '⇣ bob offers "photos" (12 files, 35 MB): /accept aaaa1111 or /reject aaaa1111',
    ]);
    const moving = { ...t, state: 'progress' as const, bytes: 12_000_000 };
    expect(statusLine(moving, 2_000_000)).to.equal('⇣ photos from bob  34%  12 MB/35 MB  2.0 MB/s  0:12 left');
    expect(statusLine({ ...moving, state: 'paused' }, undefined)).to.match(/paused: waiting for bob/);
    expect(statusLine({ ...moving, state: 'done' }, undefined)).to.equal(null);
    expect(renderJson({ type: 'transfer', transfer: moving })).to.deep.include({
      event: 'transfer',
      id: t.id,
      peer_id: BOB,
      direction: 'incoming',
      name: 'photos',
      size: 35_000_000,
      bytes: 12_000_000,
      state: 'progress',
    });
  });
});
