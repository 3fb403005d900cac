import type { Observable } from 'rxjs';

/** A terminal: lines typed in, lines shown out. */
export interface TerminalPort {
  readonly lines$: Observable<string>;
  /** Prints a line above the prompt without disturbing what is being typed. */
  print(line: string): void;
  /** Asks for the user's attention (a bell; a desktop notification where the terminal has them). */
  notify(text: string): void;
  /**
   * A live line of its own under `key` (a transfer's progress), drawn above the prompt
   * and redrawn in place; null removes it. Only on a terminal: piped output shows none.
   */
  status(key: string, line: string | null): void;
  /** The prompt from now on (it names the current channel); what is typed is kept. */
  prompt(text: string): void;
  /** `/clear`: an empty screen, the prompt and what is typed redrawn at the top. */
  clear(): void;
  close(): void;
}
