import { expect } from 'chai';
import type { NodeEvent } from '../../machines/index.js';
import { parseCommand } from '../../src/console/input/commands.js';
import type { Reaction } from '../../src/console/index.js';
import { typedLines } from '../../src/core/typed-lines.js';

/** A stand-in interpreter: chats become SEND_CHAT, /pending a query, /quit a quit. */
function reactionOf(line: string): Reaction {
  const c = parseCommand(line);
  if (c.kind === 'chat')
    return { send: { type: 'SEND_CHAT', chat: { content: c.content } as never, to: null, at: 0 }, show: [], quit: false };
  if (c.kind === 'pending') return { query: { kind: 'pending' }, show: [], quit: false };
  return { show: [], quit: c.kind === 'quit' };
}

function harness() {
  const log: string[] = [];
  const handle = typedLines({
    interpret: (line) => {
      log.push(`read ${line}`);
      return reactionOf(line);
    },
    signed: (e: NodeEvent) => e,
    keep: (e) => log.push(`keep ${e.chat.content}`),
    commit: () => log.push('commit'),
    act: (r, send) => log.push(send?.type === 'SEND_CHAT' ? `send ${send.chat.content}` : r.query ? 'pending' : r.quit ? 'quit' : 'other'),
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
