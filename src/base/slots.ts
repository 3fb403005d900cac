/**
 * A bounded number of things in progress (handshakes, say), with a cap per
 * key (a source address), so one source cannot hold every slot. Pure
 * bookkeeping: whoever takes a slot gives it back exactly once.
 */
export class Slots {
  private readonly held = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly max: number,
    private readonly maxPerKey: number,
  ) {}

  get inUse(): number {
    return this.total;
  }

  /** A release function when a slot was free for this key, else why not. */
  take(key: string): { readonly release: () => void } | 'full' | 'key-full' {
    if (this.total >= this.max) return 'full';
    const mine = this.held.get(key) ?? 0;
    if (mine >= this.maxPerKey) return 'key-full';
    this.held.set(key, mine + 1);
    this.total++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = (this.held.get(key) ?? 1) - 1;
        if (left === 0) this.held.delete(key);
        else this.held.set(key, left);
      },
    };
  }
}
