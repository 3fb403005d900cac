import stringWidth from 'string-width';

/** SGR colour sequences are the only escapes our own lines carry (text from peers has none: sanitize). */
// eslint-disable-next-line no-control-regex -- an escape sequence is what is matched
const PIECE = /\x1b\[[0-9;]*m|[^\x1b]+/gu;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Continuation rows start here, so wrapped text can never pass for a new line (a "[21:03:07] alice:" of its own). */
export const WRAP_INDENT = '    ';

/**
 * One printed line → the terminal rows it takes, cut by display width (wide CJK
 * and emoji count two, combining marks none), every row after the first
 * indented. The node does the wrapping instead of the terminal, so content
 * padded to the screen's width cannot start a row that looks like a message.
 */
export function wrapToWidth(line: string, columns: number): string[] {
  if (columns < WRAP_INDENT.length + 8 || stringWidth(line) <= columns) return [line];
  const rows: string[] = [];
  let row = '';
  let width = 0;
  for (const [piece] of line.matchAll(PIECE)) {
    if (piece.startsWith('\x1b')) {
      row += piece;
      continue;
    }
    for (const { segment } of graphemes.segment(piece)) {
      const w = stringWidth(segment);
      if (width + w > columns) {
        rows.push(row);
        row = WRAP_INDENT;
        width = WRAP_INDENT.length;
      }
      row += segment;
      width += w;
    }
  }
  rows.push(row);
  return rows;
}
