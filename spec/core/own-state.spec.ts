import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { NEVER, Subject } from 'rxjs';
import type { InspectionEvent } from 'xstate';
import type { PeerView } from '../../machines/index.js';
import { DrivenScheduler } from '../../src/base/driven-scheduler.js';
import { parseConfig } from '../../src/config/config.js';
import type { Output } from '../../src/console/index.js';
import { createNodeCore } from '../../src/core/index.js';
import { replayedStore } from '../../src/record/answering-store.js';
import { replayedFiles } from '../../src/record/replayed-files.js';
import { trustStore } from '../../src/wire/identity/trust-store.js';
import type { P2PError } from '../../src/wire/protocol/errors.js';
import { Hello, type Message, type PeerId } from '../../src/wire/protocol/messages.js';
import type { Link } from '../../src/wire/ports/index.js';
import { BOB, SELF } from '../support/node-harness.js';

type Frame = E.Either<P2PError, Message>;

/** A node core on fake ports: what it shows, what it renames to, and its machine's own standing as last inspected. */
function node(id: PeerId, name: string) {
  const run = parseConfig(['--loopback', '--name', name], { name, dataDir: '/nonexistent' });
  if (E.isLeft(run) || run.right.kind !== 'run') throw new Error('no config');
  const links = new Subject<Link>();
  const lines = new Subject<readonly string[]>();
  const committed = new Subject<void>();
  const shown: Output[] = [];
  const renamed: string[] = [];
  let own: { name: unknown; away: unknown } | null = null;
  const inspect = (e: InspectionEvent) => {
    if (e.type !== '@xstate.snapshot') return;
    const s: unknown = e.snapshot;
    if (typeof s !== 'object' || s === null || !('context' in s)) return;
    const c = s.context;
    if (typeof c === 'object' && c !== null && 'selfName' in c && 'away' in c) own = { name: c.selfName, away: c.away };
  };
  let ids = 0;
  const core = createNodeCore(
    {
      datagrams$: NEVER,
      links$: links,
      dialFailures$: NEVER,
      legacy$: NEVER,
      transportErrors$: NEVER,
      lines$: lines,
      dial: () => undefined,
      sendOneShot: () => Promise.resolve(),
      broadcast: () => undefined,
      show: (o) => shown.push(o),
      rename: (n) => renamed.push(n),
      trust: trustStore({}),
      store: replayedStore([], committed),
      committed$: committed,
      files: replayedFiles(NEVER),
    },
    {
      config: run.right.config,
      self: { id, name, fingerprint: 'ffff' },
      scheduler: new DrivenScheduler(1_795_000_000_000),
      newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
      beacon: () => Buffer.alloc(0),
      signChat: (chat) => chat,
      publicKey: '',
      inspect,
      onQuit: () => undefined,
    },
  );
  core.start();
  const hello = Hello.decode({ id, name, port: 4000, version: 2 });
  if (E.isLeft(hello)) throw new Error('bad hello');
  return {
    core,
    links,
    shown,
    renamed,
    hello: hello.right,
    own: () => own,
    type: (line: string) => lines.next([line]),
    /** What it showed last of one type. */
    last: <T extends Output['type']>(type: T) => shown.filter((o): o is Extract<Output, { type: T }> => o.type === type).at(-1),
  };
}

/** A link between two cores; frames wait in a queue until `deliver`, so neither core is re-entered. */
function linkBetween(a: ReturnType<typeof node>, b: ReturnType<typeof node>) {
  const queued: { to: Subject<Frame>; m: Message }[] = [];
  const sentByA: Message[] = [];
  const toA = new Subject<Frame>();
  const toB = new Subject<Frame>();
  const end = (id: string, hello: Hello, key: string, inbox: Subject<Frame>, outbox: Subject<Frame>, sent?: Message[]): Link => ({
    id,
    direction: id === 'ab' ? 'outbound' : 'inbound',
    remoteAddress: '127.0.0.1',
    hello,
    remoteKey: key,
    messages$: inbox,
    send: (m) => {
      sent?.push(m);
      queued.push({ to: outbox, m });
      return E.right(undefined);
    },
    ping: () => E.right(undefined),
    close: () => Promise.resolve(),
  });
  // Each side meets the link when its handshake ends: b first, so a's first frames find b listening.
  b.links.next(end('ba', a.hello, Buffer.alloc(32, 1).toString('base64url'), toB, toA));
  a.links.next(end('ab', b.hello, Buffer.alloc(32, 2).toString('base64url'), toA, toB, sentByA));
  return {
    sentByA,
    deliver: () => {
      while (queued.length > 0) {
        const q = queued.shift();
        q?.to.next(E.right(q.m));
      }
    },
  };
}

const awayOf = (peers: readonly PeerView[] | undefined, id: string) => peers?.find((p) => p.id === id)?.away ?? null;

describe('core: the node is away and named in its machine (issue 22)', () => {
  it('/away is held by the node machine; a peer linked later is sent the Status and shows it in /peers', () => {
    const a = node(SELF, 'ann');
    const b = node(BOB, 'bea');
    a.type('/away lunch');
    expect(a.own()).to.deep.equal({ name: 'ann', away: 'lunch' });
    expect(a.last('note')).to.deep.equal({ type: 'note', id: 'away', text: 'you are away: lunch (/away again to be back)' });

    const link = linkBetween(a, b);
    const told = link.sentByA.flatMap((m) => (m.type === 'Status' || m.type === 'Links' ? [m.type] : []));
    expect(told).to.deep.equal(['Status', 'Links']);
    expect(link.sentByA.find((m) => m.type === 'Status')).to.deep.equal({ type: 'Status', body: { away: 'lunch' } });
    link.deliver();
    b.type('/peers');
    expect(awayOf(b.last('peers')?.peers, SELF)).to.equal('lunch');

    // Back: the machine forgets the text, and every peer linked now is told at once.
    a.type('/away');
    expect(a.own()).to.deep.equal({ name: 'ann', away: null });
    expect(link.sentByA.at(-1)).to.deep.equal({ type: 'Status', body: { away: null } });
    link.deliver();
    b.type('/peers');
    expect(awayOf(b.last('peers')?.peers, SELF)).to.equal(null);
  });

  it('/nick is held by the node machine: /id and own chats read the name from there, and the ports are told', () => {
    const a = node(SELF, 'ann');
    a.type('/nick zed');
    expect(a.own()).to.deep.equal({ name: 'zed', away: null });
    expect(a.renamed).to.deep.equal(['zed']);
    expect(a.last('note')?.text).to.equal('you are now zed; peers see "ann is now zed" (same id and key)');
    a.type('/id');
    expect(a.last('identity')).to.deep.equal({ type: 'identity', id: SELF, name: 'zed', fingerprint: 'ffff' });
    a.type('hello');
    expect(a.last('own')?.chat.fromName).to.equal('zed');
    a.type('/nick kit');
    expect(a.last('note')?.text).to.equal('you are now kit; peers see "zed is now kit" (same id and key)');
  });
});
