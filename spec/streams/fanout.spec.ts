import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { lastValueFrom, of, toArray } from 'rxjs';
import sinon from 'sinon';
import type { Emitted } from '../../machines/events.js';
import type { Chat, Message } from '../../src/wire/protocol/messages.js';
import type { Link } from '../../src/wire/ports/index.js';
import { writes } from '../../streams/fanout.js';

const link = (send: sinon.SinonSpy = sinon.fake.returns(E.right(undefined))) =>
  ({
    id: 'L1',
    hello: { name: 'bob' },
    send,
    ping: sinon.fake.returns(E.right(undefined)),
    close: sinon.fake.resolves(undefined),
  }) as unknown as Link & {
    send: sinon.SinonSpy;
    ping: sinon.SinonSpy;
    close: sinon.SinonSpy;
  };

const chat = (content: string): Message => ({ type: 'Chat', body: { from_id: 'a', from_name: 'a', content, timestamp: 1 } }) as Message;

async function run(effects: Emitted[], deps: { l?: Link; sendOneShot?: sinon.SinonSpy }) {
  const out = writes(of(...effects), {
    transport: { sendOneShot: deps.sendOneShot ?? sinon.fake.resolves(undefined) },
    link: (id) => (id === 'L1' ? deps.l : undefined),
  });
  return lastValueFrom(out.pipe(toArray()), { defaultValue: [] });
}

describe('streams/fanout writes', () => {
  it('sends on the named link, numbers pings (the link stamps them as it writes), closes links; says what went out', async () => {
    const l = link();
    const out = await run(
      [
        { type: 'send', peerId: 'p', linkId: 'L1', message: chat('hi') },
        { type: 'ping', peerId: 'p', linkId: 'L1' },
        { type: 'ping', peerId: 'p', linkId: 'L1' },
        { type: 'closeLink', linkId: 'L1' },
      ],
      { l },
    );
    expect(l.send.args.map((a: unknown[]) => a[0])).to.deep.equal([chat('hi')]);
    expect(l.ping.args.map((a: unknown[]) => a[0])).to.deep.equal([0, 1]);
    expect(out).to.deep.equal([{ type: 'written', peerId: 'p', message: chat('hi') }]);
    expect(l.close.calledOnce).to.equal(true);
  });

  it('a write to a link that has gone is dropped silently (the machine hears LINK_DOWN)', async () => {
    expect(await run([{ type: 'send', peerId: 'p', linkId: 'GONE', message: chat('x') }], {})).to.deep.equal([]);
  });

  it('a refused write becomes SEND_FAILED', async () => {
    const l = link(sinon.fake.returns(E.left({ code: 'SEND_FAILED', message: 'peer is not reading' })));
    const out = await run([{ type: 'send', peerId: 'p', linkId: 'L1', message: chat('x') }], { l });
    expect(out.map((e) => e.type === 'error' && e.error.code)).to.deep.equal(['SEND_FAILED']);
  });

  it('a write on a link already closing is no news: the outbox resends what was not acknowledged', async () => {
    const l = link(sinon.fake.returns(E.left({ code: 'LINK_CLOSED', message: 'link is closed' })));
    expect(await run([{ type: 'send', peerId: 'p', linkId: 'L1', message: chat('x') }], { l })).to.deep.equal([]);
  });

  it('legacy sends go one-shot, the original fields only; over 1024 bytes they are refused, not cut; failures are reported', async () => {
    const withOurFields = (m: Message): Message =>
      m.type === 'Chat' ? { type: 'Chat', body: { ...m.body, id: 'i', private: false, seq: 3, sig: 's' } as Chat } : m;
    const sendOneShot = sinon.fake((address: string, _port: number, _bytes: Buffer) =>
      address === 'dead' ? Promise.reject(new Error('refused')) : Promise.resolve(),
    );
    const out = await run(
      [
        { type: 'sendLegacy', peerId: 'p', address: '10.0.0.9', port: 8080, message: withOurFields(chat('short')) },
        { type: 'sendLegacy', peerId: 'p', address: '10.0.0.9', port: 8080, message: chat('x'.repeat(1000)) },
        { type: 'sendLegacy', peerId: 'p', address: 'dead', port: 8080, message: chat('lost') },
      ],
      { sendOneShot },
    );
    expect(sendOneShot.callCount).to.equal(2);
    expect(sendOneShot.firstCall.args[2].toString()).to.equal('{"Chat":{"from_id":"a","from_name":"a","content":"short","timestamp":1}}');
    // Refused and failed chats answer the user's own send (never held back); only the one that went out is counted.
    expect(
      out
        .filter((e) => e.type === 'error')
        .map((e) => e.type === 'error' && [e.error.code, e.own])
        .sort(),
    ).to.deep.equal([
      ['LEGACY_TOO_LONG', true],
      ['SEND_FAILED', true],
    ]);
    expect(out.filter((e) => e.type === 'written')).to.have.length(1);
  });
});
