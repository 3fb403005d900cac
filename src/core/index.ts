export { createNodeCore, type CoreOptions, type CorePorts, type NodeCore } from './node-core.js';
