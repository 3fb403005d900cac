import type { Output } from '../output.js';

export interface Ignored {
  readonly id: string;
  readonly name: string;
}

/**
 * `/ignore NAME`: that peer's messages are not shown (still received, kept and
 * acknowledged, so delivery means what it says). A display choice, so it sits
 * between the node's outputs and the screen, in the live node and in a replay
 * alike (a recording's header keeps the list it started with).
 */
export class IgnoreList {
  private readonly ids: Map<string, string>;

  constructor(
    initial: readonly Ignored[],
    private readonly onChange: (list: Ignored[]) => void = () => undefined,
  ) {
    this.ids = new Map(initial.map((p) => [p.id, p.name]));
  }

  list(): Ignored[] {
    return [...this.ids].map(([id, name]) => ({ id, name }));
  }

  /** The output as it is to be shown, or null when it is hidden; `/ignore` outputs update the list. */
  apply(o: Output): Output | null {
    if (o.type === 'ignore') {
      const had = this.ids.has(o.id);
      if (o.on) this.ids.set(o.id, o.name);
      else this.ids.delete(o.id);
      if (had !== o.on) this.onChange(this.list());
      return o;
    }
    if (o.type === 'chat' && this.ids.has(o.chat.fromId)) return null;
    if (o.type === 'history' && o.messages.some((m) => this.ids.has(m.fromId)))
      return { ...o, messages: o.messages.filter((m) => !this.ids.has(m.fromId)) };
    return o;
  }
}
