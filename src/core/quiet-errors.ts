import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import { throttleErrors } from '../../streams/index.js';

/** The same error is shown at most once in this long, ms. */
const SAME_ERROR_QUIET_MS = 10_000;
/** Errors remembered for that (the least recent forgotten first). */
const ERRORS_REMEMBERED = 1024;

/** The core's error throttle, on the inputs and on what is shown alike. */
export const quietErrors = <T extends { type: string }>(scheduler: SchedulerLike): MonoTypeOperatorFunction<T> =>
  throttleErrors<T>(SAME_ERROR_QUIET_MS, ERRORS_REMEMBERED, scheduler);
