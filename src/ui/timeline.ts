import type { InspectionEvent } from 'xstate';
import type { Output } from '../console/index.js';
import { applyInspection } from './actors.js';
import { applyOutput, emptyModel, type UiModel } from './model.js';

/** One thing the replay did, at the recording's time. */
export type Step = { readonly at: number; readonly output: Output } | { readonly at: number; readonly inspection: InspectionEvent };

export interface Marker {
  readonly at: number;
  readonly kind: 'peer' | 'chat' | 'error';
  readonly text: string;
}

function markerOf(at: number, o: Output): Marker | null {
  switch (o.type) {
    case 'peer':
      return { at, kind: 'peer', text: `${o.peer.name} ${o.peer.state}` };
    case 'chat':
      return { at, kind: 'chat', text: `${o.chat.fromName}: ${o.chat.private ? '(private)' : o.chat.content.slice(0, 60)}` };
    case 'own':
      return { at, kind: 'chat', text: `you: ${o.to !== null ? '(private)' : o.chat.content.slice(0, 60)}` };
    case 'error':
      return { at, kind: 'error', text: `${o.error.code}: ${o.error.message.slice(0, 80)}` };
    default:
      return null;
  }
}

/**
 * A replay's steps, kept in order, and the page's model at any moment: the
 * fold of every step up to it, the very fold the live page does as they
 * happen. A replay is exact, so this is the node's state at that time.
 * Moving forward continues from the last frame; moving back folds again.
 */
export class Timeline {
  private readonly steps: Step[] = [];
  private readonly marks: Marker[] = [];
  private cursor: { model: UiModel; next: number } = { model: emptyModel('replay'), next: 0 };

  add(step: Step): void {
    this.steps.push(step);
    const m = 'output' in step ? markerOf(step.at, step.output) : null;
    if (m) this.marks.push(m);
  }

  get start(): number {
    return this.steps[0]?.at ?? 0;
  }

  get end(): number {
    return this.steps.at(-1)?.at ?? 0;
  }

  markers(): readonly Marker[] {
    return this.marks;
  }

  /** The model after every step at or before `at`. */
  frameAt(at: number): UiModel {
    const prior = this.cursor.next > 0 ? this.steps[this.cursor.next - 1] : undefined;
    if (prior && prior.at > at) this.cursor = { model: emptyModel('replay'), next: 0 };
    const { model } = this.cursor;
    let i = this.cursor.next;
    for (; i < this.steps.length; i++) {
      const s = this.steps[i];
      if (!s || s.at > at) break;
      if ('output' in s) applyOutput(model, s.output);
      else applyInspection(model, s.inspection, s.at);
    }
    this.cursor.next = i;
    model.at = at;
    return model;
  }
}
