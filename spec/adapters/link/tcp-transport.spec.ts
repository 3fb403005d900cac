import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { filter, firstValueFrom } from 'rxjs';
import { openTcpTransport } from '../../../src/adapters/link/tcp-transport.js';
import { identityFromSeed } from '../../../src/wire/identity/identity.js';
import type { Message } from '../../../src/wire/protocol/messages.js';
import type { Link, LinkTransport } from '../../../src/wire/ports/index.js';

const alice = identityFromSeed(Buffer.alloc(32, 11));
const bob = identityFromSeed(Buffer.alloc(32, 12));
const transport = (who: typeof alice, name: string) =>
  openTcpTransport({ host: '127.0.0.1', port: 0, identity: who, name, version: 3, handshakeMs: 2000 });
/** A dial that must succeed. */
const dial = async (t: LinkTransport, port: number, id: string): Promise<Link> => {
  const r = await t.dial('127.0.0.1', port, id);
  if (E.isLeft(r)) throw new Error(`${r.left.code}: ${r.left.message}`);
  return r.right;
};

/** Real sockets on loopback: the transport's handshake, identity checks and closing. */
describe('adapters/tcp-transport', function () {
  this.timeout(10_000);
  let a: LinkTransport, b: LinkTransport;
  beforeEach(async () => {
    [a, b] = await Promise.all([transport(alice, 'alice'), transport(bob, 'bob')]);
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  /** alice dials bob; bob's side collects every chat content until the link completes. */
  async function linkWithCollector() {
    const inbound = firstValueFrom(b.inbound$);
    const sender = await dial(a, b.port, bob.id);
    const receiver: Link = await inbound;
    const got: string[] = [];
    const done = new Promise<void>((resolve) =>
      receiver.messages$.subscribe({
        next: (m) => E.isRight(m) && m.right.type === 'Chat' && got.push(m.right.body.content),
        complete: resolve,
      }),
    );
    const chat = (content: string) =>
      sender.send({ type: 'Chat', body: { from_id: alice.id, from_name: 'alice', content, timestamp: 1 } } as Message);
    return { sender, receiver, got, done, chat };
  }

  it("a dial proves both keys: each side sees the other's id and key", async () => {
    const inbound = firstValueFrom(b.inbound$);
    const out = await dial(a, b.port, bob.id);
    const inn = await inbound;
    expect([out.hello.id, out.remoteKey]).to.deep.equal([bob.id, bob.publicKey.toString('base64url')]);
    expect([inn.hello.id, inn.direction]).to.deep.equal([alice.id, 'inbound']);
  });

  it("a link answers a ping itself, at once, with the stamp it carried (the round trip is the link's)", async () => {
    const inbound = firstValueFrom(b.inbound$);
    const out = await dial(a, b.port, bob.id);
    const inn = await inbound;
    inn.messages$.subscribe(() => undefined); // bob's machines are not even listening to pings
    const pong = firstValueFrom(out.messages$.pipe(filter((m) => E.isRight(m) && m.right.type === 'Pong')));
    out.ping(7);
    const m = await pong;
    expect(E.isRight(m) && m.right.type === 'Pong' && m.right.body.seq).to.equal(7);
  });

  it('a dial that reaches someone else than the peer meant is refused', async () => {
    const stranger = identityFromSeed(Buffer.alloc(32, 13));
    const r = await a.dial('127.0.0.1', b.port, stranger.id);
    expect(E.isLeft(r) && r.left.code).to.equal('KEY_MISMATCH');
  });

  it('a link closed by both ends right after a burst still delivers all of it', async () => {
    const { sender, receiver, got, done, chat } = await linkWithCollector();
    const N = 3000;
    for (let i = 0; i < N; i++) chat(`m${i} ${'x'.repeat(200)}`);
    // Both decide the link is the loser of a tie-break at once, as the machines do.
    await Promise.all([sender.close(10_000), receiver.close(10_000)]);
    await done;
    expect(got.length).to.equal(N);
    expect(got[N - 1]).to.match(/^m2999 /);
  });

  it('a dial to a port nobody listens on is CONNECT_FAILED, not a rejection', async () => {
    const r = await a.dial('127.0.0.1', 1, bob.id);
    expect(E.isLeft(r) && r.left.code).to.equal('CONNECT_FAILED');
  });

  it('the connection-rate clock is injected: a burst over the limit from one source is refused at once', async () => {
    const frozen = await openTcpTransport({
      host: '127.0.0.1',
      port: 0,
      identity: bob,
      name: 'bob',
      version: 3,
      handshakeMs: 2000,
      now: () => 0,
    });
    const errors: string[] = [];
    frozen.errors$.subscribe((e) => errors.push(e.code));
    const net = await import('node:net');
    const sockets = Array.from({ length: 40 }, () => net.connect({ host: '127.0.0.1', port: frozen.port }).on('error', () => undefined));
    await new Promise((r) => setTimeout(r, 300));
    sockets.forEach((s) => s.destroy());
    await frozen.close();
    expect(errors).to.include('RATE_LIMITED');
  });

  it('a link we close keeps reading what the peer still sends after it, until the peer ends', async () => {
    const { sender, receiver, got, done, chat } = await linkWithCollector();
    const closing = receiver.close(10_000); // we decided first; the peer has not yet
    const failures: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const r = chat(`late${i}`);
      if (E.isLeft(r)) failures.push(r.left.message);
    }
    await sender.close(10_000);
    await Promise.all([done, closing]);
    expect(failures).to.deep.equal([]);
    expect(got.length).to.equal(2000);
  });
});
