import { expect } from 'chai';
import { hideContent, isPrivate, logEntry, sanitize } from '../../src/ui/event-log.js';
import { pageView } from '../../src/ui/page-view.js';

describe('ui/event-log: what the inspector page keeps of an event (issue 16)', () => {
  it('is bounded: long strings, long arrays, deep objects and bytes are cut; keys and signatures shortened', () => {
    const s = sanitize({
      type: 'X',
      text: 'a'.repeat(1000),
      list: Array.from({ length: 40 }, (_, i) => i),
      deep: { a: { b: { c: { d: { e: 1 } } } } },
      data: new Uint8Array(70_000),
      sig: 'c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU',
    }) as Record<string, unknown>;
    expect((s['text'] as string).length).to.equal(161);
    expect(s['list']).to.have.length(17);
    expect(JSON.stringify(s['deep'])).to.equal('{"a":{"b":{"c":"…"}}}');
    expect(s['data']).to.equal('<70000 bytes>');
    expect(s['sig']).to.equal('c2lnbmF0dXJl…');
  });

  it('knows a private chat in an event, and an own chat to one recipient', () => {
    expect(isPrivate({ type: 'CHAT_IN', chat: { content: 'x', private: true } })).to.equal(true);
    expect(isPrivate({ type: 'CHAT_IN', chat: { content: 'x', private: false } })).to.equal(false);
    expect(isPrivate({ type: 'SEND_CHAT', chat: { content: 'x' }, to: { id: 'b', name: 'bob' } })).to.equal(true);
    expect(isPrivate({ type: 'SEND_CHAT', chat: { content: 'x' }, to: null })).to.equal(false);
  });

  it('hides private content in what goes to the page unless asked, and only private content', () => {
    const secret = logEntry(1, { type: 'CHAT_IN', chat: { content: 'the secret', private: true } } as never, 'connected');
    const open = logEntry(2, { type: 'CHAT_IN', chat: { content: 'hello all', private: false } } as never, 'connected');
    const sent = JSON.stringify({ log: [secret, open] }, pageView({ actor: 'node', reveal: false, conversation: '#lan' }));
    expect(sent).to.not.include('the secret');
    expect(sent).to.include('(private, 10 characters)');
    expect(sent).to.include('hello all');
    expect(JSON.stringify({ log: [secret] }, pageView({ actor: 'node', reveal: true, conversation: '#lan' }))).to.include('the secret');
    expect(hideContent({ a: [{ content: 'xy' }] })).to.deep.equal({ a: [{ content: '(private, 2 characters)' }] });
  });

  it("a page gets only the event log of the actor it looks at; every actor's states still", () => {
    const actor = (id: string) => ({
      id,
      machine: 'peer',
      active: ['connected'],
      state: 'connected',
      status: 'active',
      log: [logEntry(1, { type: 'TRAFFIC' }, 'x')],
    });
    const sent = JSON.parse(
      JSON.stringify(
        { actors: { a: actor('peer:a'), b: actor('peer:b') } },
        pageView({ actor: 'peer:b', reveal: false, conversation: '#lan' }),
      ),
    ) as {
      actors: Record<string, { log: unknown[]; state: string }>;
    };
    expect([sent.actors['a']?.log.length, sent.actors['b']?.log.length]).to.deep.equal([0, 1]);
    expect(sent.actors['a']?.state).to.equal('connected');
  });
});
