import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { readFileSync } from 'node:fs';
import { codeOf, messageOf } from '../../base/caught.js';

/**
 * A data-dir JSON file, decoded by its codec: its value, null when there is no
 * such file, or why it does not read. Each caller decides what a bad file means;
 * none may treat it as empty and then write over it (what it held would be lost).
 */
export function readJsonFile<A>(file: string, codec: t.Decoder<unknown, A>): E.Either<string, A | null> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return codeOf(e) === 'ENOENT' ? E.right(null) : E.left(`${file}: ${messageOf(e)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return E.left(`${file} is not JSON (${messageOf(e)})`);
  }
  const decoded = codec.decode(value);
  return E.isRight(decoded) ? decoded : E.left(`${file} does not hold what it should`);
}
