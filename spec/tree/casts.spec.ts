import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Casts undo what the types prove. This counts every `x as T` and `<T>x` in the
 * node's code (src, machines, streams), except `as const`, and holds the count
 * under a bound; each cast that remains has a comment saying why
 * (src/base/type-of.ts stands in for XState's `types: { context: {} as C }`).
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const BOUND = 10;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

export function casts(file: string): { line: number; text: string }[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: { line: number; text: string }[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isAsExpression(n) || ts.isTypeAssertionExpression(n)) {
      const isConst = ts.isTypeReferenceNode(n.type) && n.type.typeName.getText(src) === 'const';
      if (!isConst) out.push({ line: src.getLineAndCharacterOfPosition(n.getStart(src)).line + 1, text: n.getText(src).slice(0, 80) });
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

describe('the tree: casts', () => {
  const all = ['src', 'machines', 'streams']
    .flatMap((d) => files(path.join(ROOT, d)))
    .flatMap((f) => casts(f).map((c) => ({ file: path.relative(ROOT, f), ...c })));

  it(`machines/ have none`, () => {
    expect(all.filter((c) => c.file.startsWith('machines/'))).to.deep.equal([]);
  });

  it(`the whole tree has fewer than ${BOUND}`, () => {
    expect(all, all.map((c) => `${c.file}:${c.line} ${c.text}`).join('\n')).to.have.length.below(BOUND);
  });
});
