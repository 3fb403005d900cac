import { EventEmitter } from 'node:events';

/**
 * An emitter of 'turn' once per event-loop turn, for waiting on a state with no
 * event of its own (a closed handle is released by libuv a few turns later).
 * Stops itself when nobody listens.
 */
export function loopTurns(): EventEmitter {
  const turns = new EventEmitter();
  const tick = () => {
    if (turns.listenerCount('turn') === 0) return;
    turns.emit('turn');
    setImmediate(tick);
  };
  turns.on('newListener', (name) => name === 'turn' && turns.listenerCount('turn') === 0 && setImmediate(tick));
  return turns;
}

/**
 * Resolves with the first non-undefined result of `probe`, checked now and on
 * every `event` of `emitter`; rejects at the deadline with what `explain` says.
 * Every wait in the specs is this: event-driven, bounded, never a sleep.
 */
export function waitUntil<T>(
  emitter: EventEmitter,
  event: string,
  probe: () => T | undefined,
  ms: number,
  explain: () => string,
): Promise<T> {
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
