import type { EventEmitter } from 'node:events';

/**
 * Resolves with the first non-undefined result of `probe`, checked now and on
 * every `event` of `emitter`; rejects at the deadline with what `explain` says.
 * Every wait in the specs is this: event-driven, bounded, never a sleep.
 */
export function waitUntil<T>(emitter: EventEmitter, event: string, probe: () => T | undefined, ms: number, explain: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const hit = probe();
      if (hit === undefined) return;
      done();
      resolve(hit);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${ms} ms: ${explain()}`));
    }, ms);
    const done = () => {
      clearTimeout(timer);
      emitter.off(event, check);
    };
    emitter.on(event, check);
    check();
  });
}
