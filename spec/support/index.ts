/**
 * What bench borrows from the specs' support: real processes, LANs of network
 * namespaces, the chaos run, and a peer that speaks the protocol by hand.
 * Specs import the files themselves; bench imports only from here.
 */
export { Attacker, RawLink } from './attacker.js';
export { runChaos } from './chaos.js';
export { testIdentity } from './forge.js';
export { buildLan, canBuildLan } from './netns-lan.js';
export { fastLoopback, ProcNode } from './proc-node.js';
