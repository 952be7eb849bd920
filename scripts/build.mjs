// Bundles each part on its own: the receiver CLI (plain Node, no vscode), and later the
// extension host and the webview. Everything a VSIX needs ends up in dist/.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
// The price table's version is part of every computed cost's provenance.
const prices = JSON.parse(
  await readFile(new URL('../node_modules/@pydantic/genai-prices/package.json', import.meta.url), 'utf8'),
);
const production = process.argv.includes('--production');

await build({
  entryPoints: ['receiver/src/cli.ts'],
  outfile: 'dist/receiver/cli.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  banner: { js: '#!/usr/bin/env node' },
  define: {
    __LLM_TRACE_LENS_VERSION__: JSON.stringify(pkg.version),
    __GENAI_PRICES_VERSION__: JSON.stringify(prices.version),
  },
  logLevel: 'warning',
});
console.log('built dist/receiver/cli.cjs');
