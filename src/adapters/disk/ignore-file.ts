import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { writeWhole } from './write-whole.js';
import { readJsonFile } from './json-file.js';
import type { Ignored } from '../../console/index.js';

const IgnoredFile = t.array(t.type({ id: t.string, name: t.string }));

/**
 * The peers `/ignore`d, in the data dir (`ignored.json`, 0600). A file that does
 * not read is an empty list, said once: hiding less than asked is the safe side.
 */
export function ignoreFile(file: string, warn: (text: string) => void): { load(): Ignored[]; save(list: readonly Ignored[]): void } {
  return {
    load() {
      const read = readJsonFile(file, IgnoredFile);
      if (E.isRight(read)) return read.right ?? [];
      warn(`${file} is not a list of ignored peers; ignoring nobody`);
      return [];
    },
    save: (list) => writeWhole(file, `${JSON.stringify(list, null, 2)}\n`),
  };
}
