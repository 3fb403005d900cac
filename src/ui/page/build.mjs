// Bundles the page's script (src/ui/page/main.ts and what it imports) into
// dist/page/app.js, which the node serves itself: `npm run build` runs it.
import { build } from 'esbuild';
import { statSync } from 'node:fs';

const outfile = new URL('../../../dist/page/app.js', import.meta.url).pathname;
await build({
  entryPoints: [new URL('./main.ts', import.meta.url).pathname],
  bundle: true,
  format: 'iife',
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  outfile,
  logLevel: 'warning',
});
console.log(`page script: ${outfile} (${statSync(outfile).size} bytes)`);
