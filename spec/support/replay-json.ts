import * as E from 'fp-ts/lib/Either.js';
import { replay } from '../../src/replay.js';
import { Timeline } from '../../src/ui/timeline.js';

/** Replays a recording in-process and returns the JSON objects it printed. */
export async function replayJson(text: string): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const r = await replay(text, { json: true, formatTime: () => '', print: (l) => lines.push(l) });
  if (E.isLeft(r)) throw new Error(r.left);
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Replays a recording in-process into a timeline, as `replay FILE --ui` does. */
export async function replayTimeline(text: string): Promise<Timeline> {
  const timeline = new Timeline();
  const r = await replay(text, {
    json: true,
    formatTime: () => '',
    print: () => undefined,
    onOutput: (output, at) => timeline.add({ at, output }),
    inspect: (inspection, at) => timeline.add({ at, inspection }),
  });
  if (E.isLeft(r)) throw new Error(r.left);
  return timeline;
}
