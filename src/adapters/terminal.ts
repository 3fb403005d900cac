import readline from 'node:readline';
import { Observable, share } from 'rxjs';
import type { TerminalPort } from '../wire/ports.js';
import { wrapToWidth } from '../console/wrap.js';

export interface TerminalOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WriteStream;
  /** `--json`: no prompt, no cursor games, one line per write. */
  readonly plain: boolean;
}

/**
 * The console. On a TTY, incoming lines are printed above the prompt and the
 * half-typed line is redrawn below them, so nothing the user types is garbled.
 * Ctrl-C and Ctrl-D both end the input, which the node treats as /quit.
 */
export function openTerminal(opts: TerminalOptions): TerminalPort {
  const tty = !opts.plain && opts.output.isTTY === true;
  const rl = readline.createInterface({ input: opts.input, output: tty ? opts.output : undefined, terminal: tty });
  if (tty) {
    rl.setPrompt('> ');
    rl.prompt();
    rl.on('SIGINT', () => rl.close());
  }
  let closed = false;
  const lines$ = new Observable<string>((sub) => {
    const onLine = (line: string) => {
      sub.next(line);
      if (tty && !closed) rl.prompt();
    };
    const onClose = () => sub.complete();
    rl.on('line', onLine);
    rl.once('close', onClose);
    return () => {
      rl.off('line', onLine);
      rl.off('close', onClose);
    };
  }).pipe(share());

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
      readline.clearLine(opts.output, 0);
      readline.cursorTo(opts.output, 0);
      opts.output.write(`${wrapToWidth(line, opts.output.columns).join('\n')}\n`);
      rl.prompt(true);
    },
    close() {
      flush();
      if (closed) return;
      closed = true;
      rl.close();
    },
  };
}
