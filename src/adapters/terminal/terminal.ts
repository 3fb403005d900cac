import readline from 'node:readline';
import { Observable, share } from 'rxjs';
import type { TerminalPort } from '../../wire/ports/index.js';
import { wrapToWidth } from '../../console/render/wrap.js';

export interface TerminalOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WriteStream;
  /** `--json`: no prompt, no cursor games, one line per write. */
  readonly plain: boolean;
  /** Tab: candidates for the word being typed, and that word (readline's completer). */
  readonly complete?: (line: string) => [string[], string];
  /** The environment, to tell which terminal this is (for notifications). */
  readonly env?: NodeJS.ProcessEnv;
  /** Typed lines kept across restarts, newest first, for up/down. */
  readonly history?: { load(): string[]; save(lines: readonly string[]): void };
}

/**
 * The console. On a TTY, incoming lines are printed above the prompt and the
 * half-typed line is redrawn below them, so nothing the user types is garbled.
 * Ctrl-C and Ctrl-D both end the input, which the node treats as /quit.
 */
/** Terminals known to turn OSC 9 into a desktop notification (and not print it). */
const knowsOsc9 = (env: NodeJS.ProcessEnv) =>
  ['iTerm.app', 'WezTerm', 'ghostty'].includes(env['TERM_PROGRAM'] ?? '') ||
  (env['TERM'] ?? '').includes('kitty') ||
  env['WT_SESSION'] !== undefined;

export function openTerminal(opts: TerminalOptions): TerminalPort {
  const tty = !opts.plain && opts.output.isTTY === true;
  const osc9 = knowsOsc9(opts.env ?? {});
  const rl = readline.createInterface({
    input: opts.input,
    output: tty ? opts.output : undefined,
    terminal: tty,
    ...(tty && opts.complete ? { completer: opts.complete } : {}),
    ...(tty && opts.history ? { history: opts.history.load(), historySize: 500, removeHistoryDuplicates: true } : {}),
  });
  if (tty && opts.history) {
    const keep = opts.history;
    rl.on('history', (lines: string[]) => keep.save(lines));
  }
  let closed = false;
  /** The prompt names the current channel (`#team> `); `> ` for the LAN's own. */
  let promptText = '> ';
  /** Live lines (transfers' progress), kept between what is printed and the prompt; one row each. */
  const statuses = new Map<string, string>();
  let statusRows = 0;
  /** Erases the live lines, the prompt and what was typed (all its rows): what is printed next starts a clean line. */
  const clearInput = () => {
    if (!tty || closed) return;
    readline.moveCursor(opts.output, 0, -rl.getCursorPos().rows - statusRows);
    readline.cursorTo(opts.output, 0);
    readline.clearScreenDown(opts.output);
    statusRows = 0;
  };
  /** The live lines as text, each cut to one row so the count of rows to climb back is exact. */
  const statusText = () => {
    const width = Math.max(10, (opts.output.columns || 80) - 1);
    const rows = [...statuses.values()].map((l) => wrapToWidth(l, width)[0] ?? '');
    statusRows = rows.length;
    return rows.map((r) => `${r}\n`).join('');
  };
  /** Writes `text` above the live lines and the prompt, then redraws them (readline redraws what was typed). */
  const above = (text: string) => {
    // The typed line may wrap onto several rows: clear from its first row down and
    // print above it. readline then redraws the typed line whole, but first moves up
    // as many rows as it last left the cursor below the prompt (its own prevRows, not
    // where typing has since moved it); blank rows give it exactly that room.
    const prev: unknown = Reflect.get(rl, 'prevRows');
    const up = typeof prev === 'number' ? prev : 0;
    clearInput();
    opts.output.write(`${text}${statusText()}${'\n'.repeat(up)}`);
    rl.prompt(true);
  };
  // Ctrl-C, Ctrl-D or the end of stdin: from now on lines are printed plainly, no prompt to redraw.
  rl.once('close', () => (closed = true));
  if (tty) {
    rl.setPrompt(promptText);
    rl.prompt();
    // Ctrl-C with a half-typed line: the goodbye lines go on clean rows, not after it.
    rl.on('SIGINT', () => {
      clearInput();
      rl.close();
    });
  }
  // Multi-line messages: a paste (the terminal brackets it when asked to) is one message
  // whatever newlines it holds, and a line ending in a backslash goes on to the next.
  let pasting = false;
  const held: string[] = [];
  const lines$ = new Observable<string>((sub) => {
    const emit = (line: string) => {
      sub.next(held.splice(0).concat(line).join('\n'));
      if (tty && !closed) rl.prompt();
    };
    const onLine = (line: string) => {
      if (tty && pasting) return void held.push(line);
      if (tty && line.endsWith('\\') && !line.endsWith('\\\\')) {
        held.push(line.slice(0, -1));
        rl.setPrompt('… ');
        return rl.prompt();
      }
      rl.setPrompt(promptText);
      emit(line);
    };
    const onKey = (_s: string | undefined, key: { name?: string } | undefined) => {
      if (key?.name === 'paste-start') pasting = true;
      if (key?.name !== 'paste-end') return;
      pasting = false;
      // A paste that ended with a newline is complete; else its last line is being edited.
      if (held.length > 0 && rl.line === '') emit(held.pop() ?? '');
    };
    const onClose = () => {
      if (held.length > 0) sub.next(held.splice(0).join('\n'));
      sub.complete();
    };
    rl.on('line', onLine);
    if (tty) opts.input.on('keypress', onKey);
    rl.once('close', onClose);
    return () => {
      rl.off('line', onLine);
      opts.input.off('keypress', onKey);
      rl.off('close', onClose);
    };
  }).pipe(share());
  if (tty) opts.output.write('\x1b[?2004h'); // bracketed paste on (off again at close)

  // Piped output (scripts, --json) is written in one batch per turn of the event
  // loop: a write per line costs a system call each and was the receiver's main cost.
  let pending = '';
  const flush = () => {
    if (pending === '') return;
    const out = pending;
    pending = '';
    opts.output.write(out);
  };
  return {
    lines$,
    print(line) {
      if (!tty || closed) {
        if (pending === '') setImmediate(flush);
        pending += `${line}\n`;
        return;
      }
      above(`${wrapToWidth(line, opts.output.columns).join('\n')}\n`);
    },
    status(key, line) {
      if (!tty || closed) return;
      if (line === null && !statuses.has(key)) return;
      if (line === null) statuses.delete(key);
      else statuses.set(key, line);
      above('');
    },
    prompt(text) {
      promptText = text;
      if (!tty || closed) return;
      // What is typed stays; only the prompt before it changes.
      clearInput();
      rl.setPrompt(text);
      rl.prompt(true);
    },
    clear() {
      if (!tty || closed) return;
      readline.cursorTo(opts.output, 0, 0);
      readline.clearScreenDown(opts.output);
      rl.prompt(true);
    },
    notify(text) {
      if (!tty || closed) return;
      // OSC 9 is a desktop notification in the terminals that know it; others would show it.
      opts.output.write(`${osc9 ? `\x1b]9;${text}\x07` : ''}\x07`);
    },
    close() {
      flush();
      if (tty) opts.output.write('\x1b[?2004l');
      if (closed) return;
      clearInput();
      closed = true;
      rl.close();
    },
  };
}
