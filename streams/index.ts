export {
  emitted$,
  owedTo,
  peersOf,
  pendingOf,
  selfOf,
  channelsOf,
  transferEmitted$,
  transfersOf,
  type NodeActor,
  type TransfersActor,
} from './bridge.js';
export { schedulerClock, type NodeClock } from './clock.js';
export { beaconTicks, datagramEvents, type DatagramOptions } from './discovery.js';
export { writes, type FanoutDeps, type Written } from './fanout.js';
export { ofType } from './of-type.js';
export { isTransferEvent, legacyEvents, linkEvents } from './link-events.js';
export { limitChats } from './limit-chats.js';
export { rateLimitBy, type Bucket } from './rate-limit.js';
export { verifyBeacons, type VerifyOptions } from './verify-beacons.js';
export { throttleErrors } from './throttle-errors.js';
export { limitWindow } from './limit-window.js';
export { acks, type AckWrite } from './acks.js';
export { linkedIds, linkSetChanges } from './link-set.js';
export type { LinkEventDeps } from './link-events.js';
export { transferProgress, type Progress } from './transfer-progress.js';
