/** How a resource is given back: at once, or once its closing is done. */
export type Release = () => void | Promise<void>;

/**
 * What a start has acquired so far, released in reverse (as js-libp2p stops
 * its components): the last thing taken goes back first, since it may lean on
 * what was taken before it. One path for both ends: a start that fails at any
 * step gives back everything it took, and a stop gives back everything.
 *
 * A release that fails is reported and the others still run: it never masks
 * the error that made a start give up, nor keeps a lock held because a socket
 * would not close.
 */
export class Resources {
  private readonly held: Array<{ readonly name: string; readonly release: Release }> = [];
  private closing: Promise<void> | null = null;

  constructor(private readonly failed: (name: string, error: unknown) => void) {}

  /** Takes `release` on; it runs before everything added earlier. Added once closing, it runs at once. */
  add(name: string, release: Release): void {
    if (this.closing) {
      void this.closeOne({ name, release });
      return;
    }
    this.held.push({ name, release });
  }

  /** Releases everything, last added first, each awaited before the next; once, however often it is asked. */
  closeAll(): Promise<void> {
    this.closing ??= (async () => {
      for (let r = this.held.pop(); r; r = this.held.pop()) await this.closeOne(r);
    })();
    return this.closing;
  }

  private async closeOne(r: { readonly name: string; readonly release: Release }): Promise<void> {
    try {
      await r.release();
    } catch (e) {
      this.failed(r.name, e);
    }
  }
}
