import type { DrivenScheduler } from '../../base/driven-scheduler.js';

export interface RealTimeDriver {
  /** Brings the scheduler to the wall clock (running due timers) before an input is handled. */
  advance(): void;
  /** Sets a real timer for the next due action; call after anything that may schedule. */
  arm(): void;
  stop(): void;
}

/** Drives a DrivenScheduler by the wall clock: the only real timer the node has. */
export function realTimeDriver(scheduler: DrivenScheduler, wall: () => number): RealTimeDriver {
  let timer: NodeJS.Timeout | null = null;
  let armedFor: number | null = null;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    const due = scheduler.nextDue();
    if (due === armedFor) return;
    if (timer) clearTimeout(timer);
    timer = null;
    armedFor = due;
    if (due === null) return;
    timer = setTimeout(
      () => {
        timer = null;
        armedFor = null;
        scheduler.advanceTo(wall());
        arm();
      },
      Math.max(0, due - wall()),
    );
  };
  return {
    advance: () => scheduler.advanceTo(wall()),
    arm,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
