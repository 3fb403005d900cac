export { emitted$, peersOf, type NodeActor } from './bridge.js';
export { schedulerClock, type NodeClock } from './clock.js';
export { beaconTicks, datagramEvents, type DatagramOptions } from './discovery.js';
export { ofType, writes, type FanoutDeps } from './fanout.js';
export { legacyEvents, linkEvents } from './link-events.js';
export { limitChats } from './limit-chats.js';
export { rateLimitBy, type Bucket } from './rate-limit.js';
export { verifyBeacons, type VerifyOptions } from './verify-beacons.js';
export { throttleErrors } from './throttle-errors.js';
