import { VirtualAction, VirtualTimeScheduler } from 'rxjs';

/**
 * The node's one clock: a virtual-time scheduler that only moves when told.
 * Live, a real-time driver moves it to the wall clock before each input and
 * when the next timer is due; in a replay, the recording moves it. Either way
 * an input stamped t is handled after every timer due at or before t, so a
 * replay of the same inputs at the same times runs the same steps in the same
 * order. No wall clock here: time comes in through `advanceTo`.
 */
export class DrivenScheduler extends VirtualTimeScheduler {
  constructor(start: number) {
    super(VirtualAction, Infinity);
    this.frame = start;
  }

  /** Runs every action due at or before `t`, in order, then stands at `t` (never goes back). */
  advanceTo(t: number): void {
    const target = Math.max(t, this.frame);
    this.maxFrames = target;
    this.flush();
    this.frame = target;
  }

  /** When the next scheduled action is due, if any. */
  nextDue(): number | null {
    return this.actions[0]?.delay ?? null;
  }
}
