export { HELP, parseCommand, type Command } from './commands.js';
export { interpret, type InterpretDeps, type Reaction, type Self } from './interpret.js';
export { Metrics, type Stats, type PeerStats, type DropReason } from './metrics.js';
export type { Output } from './output.js';
export { resolvePeer } from './resolve-peer.js';
export { sanitize } from './sanitize.js';
export { renderHuman, renderJson, type ViewOptions } from './view.js';
export { DeliveryNotes } from './delivery-notes.js';
