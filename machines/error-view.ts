import type { ErrorView } from './events.js';
import { p2pError, type ErrorCode } from '../src/wire/protocol/errors.js';

/** An error to show, with who caused it (so repeats from one source are shown once). */
/** An error that answers the user's own send: shown every time, however often. */
export const ownErrorView = (code: ErrorCode, message: string): ErrorView => ({ type: 'error', error: p2pError(code, message), own: true });

export const errorView = (code: ErrorCode, message: string, source?: string): ErrorView =>
  source === undefined ? { type: 'error', error: p2pError(code, message) } : { type: 'error', error: p2pError(code, message), source };
