import type { AnyStateMachine } from 'xstate';
import { nodeMachine, outboxMachine, peerMachine, transferMachine, transfersMachine } from '../../machines/index.js';
import { chartOf } from './chart.js';
import { layoutChart, type LaidOutChart } from './chart-layout.js';

/** The node's machines, by machine id: the supervisors, one per peer, one outbox per recipient, one per transfer. */
export const MACHINES: readonly AnyStateMachine[] = [nodeMachine, peerMachine, outboxMachine, transfersMachine, transferMachine];

/** Every machine's chart, laid out: what `/charts.json` serves (computed once per page server). */
export async function machineCharts(machines: readonly AnyStateMachine[] = MACHINES): Promise<Record<string, LaidOutChart>> {
  const laid = await Promise.all(machines.map((m) => layoutChart(chartOf(m))));
  return Object.fromEntries(laid.map((c) => [c.machine, c]));
}
