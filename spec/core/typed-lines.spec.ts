import { expect } from 'chai';
import { parseCommand } from '../../src/console/input/commands.js';
import type { Reaction } from '../../src/console/index.js';
import { typedLines } from '../../src/core/typed-lines.js';

/** A stand-in interpreter: chats become SEND_CHAT, /pending a query, /quit a quit, anything else only shows. */
function reactionOf(line: string): Reaction {
  const c = parseCommand(line);
  if (c.kind === 'chat') {
    const chat = { content: c.content } as never;
    return { kind: 'chat', send: { type: 'SEND_CHAT', chat, to: null, at: 0 }, own: { type: 'own', chat, to: null } };
  }
  if (c.kind === 'pending') return { kind: 'query', query: { kind: 'pending' } };
  if (c.kind === 'quit') return { kind: 'quit' };
  return { kind: 'show', show: [] };
}

function harness() {
  const log: string[] = [];
  const handle = typedLines({
    interpret: (line) => {
      log.push(`read ${line}`);
      return reactionOf(line);
    },
    signed: (e) => e,
    keep: (e) => log.push(`keep ${e.chat.content}`),
    commit: () => log.push('commit'),
    act: (r) =>
      log.push(r.kind === 'chat' ? `send ${r.send.chat.content}` : r.kind === 'query' ? 'pending' : r.kind === 'quit' ? 'quit' : 'other'),
  });
  return { log, handle };
}

describe('typed-lines: a batch of typed lines (issue 12)', () => {
  it('a run of chats is kept, committed once, then shown and sent in order', () => {
    const h = harness();
    h.handle(['a', 'b', 'c']);
    expect(h.log.filter((l) => !l.startsWith('read'))).to.deep.equal([
      'keep a',
      'keep b',
      'keep c',
      'commit',
      'send a',
      'send b',
      'send c',
    ]);
  });

  it('a line alone goes as it always did: kept, committed, sent', () => {
    const h = harness();
    h.handle(['a']);
    expect(h.log).to.deep.equal(['read a', 'keep a', 'commit', 'send a']);
  });

  it('a command waits for the chats before it, so it sees the node as it would line by line', () => {
    const h = harness();
    h.handle(['a', 'b', '/pending', 'c', '/quit']);
    expect(h.log).to.deep.equal([
      'read a',
      'keep a',
      'read b',
      'keep b',
      'read /pending',
      'commit',
      'send a',
      'send b',
      'pending',
      'read c',
      'keep c',
      'read /quit',
      'commit',
      'send c',
      'quit',
    ]);
  });
});
