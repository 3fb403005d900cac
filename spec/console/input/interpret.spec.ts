import { expect } from 'chai';
import type { PeerView } from '../../../machines/events.js';
import { parseCommand } from '../../../src/console/input/commands.js';
import { interpret, type Reaction } from '../../../src/console/input/interpret.js';
import type { Output } from '../../../src/console/output.js';
import { renderHuman } from '../../../src/console/render/view.js';
import { ALICE, BOB, SELF } from '../../support/node-harness.js';
import { peerView } from '../../support/peer-view.js';

const peer = (id: string, name: string, state: PeerView['state'] = 'connected'): PeerView => peerView(id, name, { state });
const deps = (peers: PeerView[]) => ({
  self: { id: SELF, name: 'me', fingerprint: 'ffff' },
  peers: () => peers,
  known: () => [],
  now: () => 1_795_544_230_500,
  newId: () => 'ID',
});

/** What a reaction shows; it must be one that only shows. */
const shown = (r: Reaction): readonly Output[] => {
  expect(r.kind).to.equal('show');
  return r.kind === 'show' ? r.show : [];
};

/** The own chat a reaction sends; it must be a chat. */
const sent = (r: Reaction) => {
  expect(r.kind).to.equal('chat');
  return r.kind === 'chat' ? r.send : undefined;
};

describe('streams/commands and interpret', () => {
  it('parses the console commands', () => {
    expect(parseCommand('hello there')).to.deep.equal({ kind: 'chat', content: 'hello there' });
    expect(parseCommand('/msg bob  two  spaces')).to.deep.equal({ kind: 'msg', target: 'bob', content: ' two  spaces' });
    expect(parseCommand('/list')).to.deep.equal({ kind: 'peers' });
    expect(parseCommand('/PEERS')).to.deep.equal({ kind: 'peers' });
    expect(parseCommand('/quit')).to.deep.equal({ kind: 'quit' });
    expect(parseCommand('//etc/passwd')).to.deep.equal({ kind: 'chat', content: '/etc/passwd' });
    expect(parseCommand('   ')).to.deep.equal({ kind: 'none' });
    expect(parseCommand('/msg bob').kind).to.equal('invalid');
  });

  it('names with spaces go in quotes, for /msg, /whois, /trust and /history (issue 11 item 20)', () => {
    expect(parseCommand('/msg "mary jane" hi there')).to.deep.equal({ kind: 'msg', target: 'mary jane', content: 'hi there' });
    expect(parseCommand('/whois "mary jane"')).to.deep.equal({ kind: 'whois', target: 'mary jane' });
    expect(parseCommand('/whois mary jane')).to.deep.equal({ kind: 'whois', target: 'mary jane' });
    expect(parseCommand('/trust "mary jane" 7cb8 c4ee')).to.deep.equal({ kind: 'trust', name: 'mary jane', prefix: '7cb8c4ee' });
    expect(parseCommand('/history "mary jane" 5')).to.deep.equal({ kind: 'history', target: 'mary jane', count: 5 });
    expect(parseCommand('/history 5')).to.deep.equal({ kind: 'history', target: null, count: 5 });
    expect(parseCommand('/history bob')).to.deep.equal({ kind: 'history', target: 'bob', count: 20 });
    expect(parseCommand('/msg "mary jane hi').kind).to.equal('invalid');
    const peers = [peer(ALICE, 'mary jane'), peer(BOB, 'mary')];
    expect(sent(interpret('/msg "mary jane" hi', deps(peers)))).to.deep.include({ to: { id: ALICE, name: 'mary jane' } });
  });

  it('/whois shows the pinned key and the keys refused for the name side by side (issue 11 item 19)', () => {
    const d = { ...deps([peer(BOB, 'bob')]), refused: (name: string) => (name === 'bob' ? ['aaaa bbbb cccc dddd'] : []) };
    const [out] = shown(interpret('/whois bob', d));
    expect(out).to.deep.include({ type: 'whois', refused: ['aaaa bbbb cccc dddd'] });
    const lines = out ? renderHuman(out, { color: false, formatTime: () => '' }) : [];
    expect(lines[1]).to.equal('fingerprint f');
    expect(lines[2]).to.match(/^refused {2}aaaa bbbb cccc dddd {2}\(not trusted; \/trust bob aaaa bbbb to accept it\)$/);
    const away = shown(interpret('/whois bob', { ...deps([]), refused: d.refused }))[0];
    expect(away).to.deep.equal({ type: 'refused-keys', name: 'bob', refused: ['aaaa bbbb cccc dddd'] });
  });

  it('/me sends an action; /clear clears the screen (issue 11 item 14)', () => {
    expect(parseCommand('/me waves at all')).to.deep.equal({ kind: 'chat', content: '/me waves at all' });
    expect(parseCommand('/me').kind).to.equal('invalid');
    expect(shown(interpret('/clear', deps([])))).to.deep.equal([{ type: 'clear' }]);
  });

  it('an unknown command is a hint, never a chat', () => {
    const [hint] = shown(interpret('/shrug', deps([peer(ALICE, 'alice')])));
    expect(hint).to.deep.include({ type: 'error' });
    expect(JSON.stringify(hint)).to.match(/UNKNOWN_COMMAND.*\/help/);
  });

  it('a line is a chat to everyone, with a uuid and Unix seconds', () => {
    const r = interpret('hi all', deps([peer(ALICE, 'alice')]));
    expect(sent(r)).to.deep.equal({
      type: 'SEND_CHAT',
      to: null,
      // The current channel, #lan: the chat itself names none, so its bytes are those every peer reads.
      channel: '#lan',
      at: 1_795_544_230_500,
      chat: { id: 'ID', from_id: SELF, from_name: 'me', content: 'hi all', timestamp: 1_795_544_230 },
    });
  });

  it('/msg finds a peer by name, then by id prefix', () => {
    const peers = [peer(ALICE, 'alice'), peer(BOB, 'bob')];
    expect(sent(interpret('/msg BOB psst', deps(peers)))).to.deep.include({ to: { id: BOB, name: 'bob' } });
    expect(sent(interpret('/msg b628 psst', deps(peers)))).to.deep.include({ to: { id: ALICE, name: 'alice' } });
  });

  it('/msg refuses unknown, ambiguous and gone targets', () => {
    const peers = [peer(ALICE, 'twin'), peer(BOB, 'twin'), peer('c0000000-0000-4000-8000-000000000000', 'ghost', 'gone')];
    const code = (line: string) => {
      const s = shown(interpret(line, deps(peers)))[0];
      return s && s.type === 'error' ? s.error.code : 'none';
    };
    expect(code('/msg twin hi')).to.equal('AMBIGUOUS_PEER');
    expect(code('/msg ghost hi')).to.equal('UNKNOWN_PEER');
    expect(code('/msg nobody hi')).to.equal('UNKNOWN_PEER');
  });

  it("a name that is another peer's id prefix is ambiguous, not a way in (security item 2)", () => {
    // Mallory named herself after the start of bob's id.
    const peers = [peer(BOB, 'bob'), peer(ALICE, BOB.slice(0, 8))];
    const [s] = shown(interpret(`/msg ${BOB.slice(0, 8)} secret`, deps(peers)));
    expect(s && s.type === 'error' && s.error.code).to.equal('AMBIGUOUS_PEER');
    expect(sent(interpret(`/msg ${BOB.slice(0, 12)} secret`, deps(peers)))).to.deep.include({ to: { id: BOB, name: 'bob' } });
  });

  it('names match as they are pinned: case, invisible characters and look-alikes are the same name (security items 2, 15)', () => {
    const peers = [peer(ALICE, 'alice'), peer(BOB, 'bob')];
    for (const target of ['BOB', 'bob\u200b', 'b\u043eb', '\uff42\uff4f\uff42'])
      expect(sent(interpret(`/msg ${target} psst`, deps(peers))), target).to.deep.include({ to: { id: BOB, name: 'bob' } });
    const twins = [peer(ALICE, 'bob'), peer(BOB, 'b\u043eb')];
    const s = shown(interpret('/msg bob hi', deps(twins)))[0];
    expect(s && s.type === 'error' && s.error.code).to.equal('AMBIGUOUS_PEER');
  });

  it('refuses a message over the content limit', () => {
    const s = shown(interpret('x'.repeat(70_000), deps([])))[0];
    expect(s && s.type === 'error' && s.error.code).to.equal('CONTENT_TOO_LONG');
  });

  it('/id, /whois and /trust', () => {
    const peers = [peer(ALICE, 'alice')];
    expect(shown(interpret('/id', deps(peers)))).to.deep.equal([{ type: 'identity', id: SELF, name: 'me', fingerprint: 'ffff' }]);
    expect(shown(interpret('/whois alice', deps(peers)))[0]).to.deep.include({ type: 'whois' });
    expect(shown(interpret('/whois nobody', deps(peers)))[0]).to.deep.include({ type: 'error' });
    expect(interpret('/trust alice', deps(peers))).to.deep.equal({ kind: 'trust', name: 'alice' });
    expect(interpret('/trust alice 7cb8 c4ee', deps(peers))).to.deep.equal({ kind: 'trust', name: 'alice', prefix: '7cb8c4ee' });
    expect(shown(interpret('/trust', deps(peers)))[0]).to.deep.include({ type: 'error' });
  });

  it('each command is one value: one kind per effect, what it shows with it (issue 22)', () => {
    const d = deps([peer(ALICE, 'alice')]);
    expect(interpret('/away lunch', d)).to.deep.equal({
      kind: 'away',
      away: 'lunch',
      note: { type: 'note', id: 'away', text: 'you are away: lunch (/away again to be back)' },
    });
    expect(interpret('/away', d)).to.deep.equal({ kind: 'away', away: null, note: { type: 'note', id: 'away', text: 'you are back' } });
    expect(interpret('/nick zed', d)).to.deep.equal({
      kind: 'nick',
      name: 'zed',
      note: { type: 'note', id: 'nick', text: 'you are now zed; peers see "me is now zed" (same id and key)' },
    });
    expect(['/stats', '/doctor', '/quit', '/pending', '/rooms'].map((l) => interpret(l, d).kind)).to.deep.equal([
      'stats',
      'doctor',
      'quit',
      'query',
      'room',
    ]);
    const chat = interpret('hi', d);
    expect(chat.kind === 'chat' && chat.own).to.deep.include({ type: 'own', to: null });
    expect(interpret('', d)).to.deep.equal({ kind: 'show', show: [] });
  });
});
