// Bundles each part on its own: the receiver CLI (plain Node, no vscode), the extension host
// (Node, `vscode` left to the editor) and the webview (browser). Everything a VSIX needs ends up
// in dist/, so the VSIX ships no node_modules.
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

await build({
  entryPoints: ['extension/src/extension.ts'],
  outfile: 'dist/extension/extension.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  define: { __LLM_TRACE_LENS_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
console.log('built dist/extension/extension.cjs');

await build({
  entryPoints: { webview: 'webview/src/main.ts' },
  outdir: 'dist/webview',
  bundle: true,
  platform: 'browser',
  target: 'chrome120',
  format: 'iife',
  sourcemap: !production,
  minify: production,
  loader: { '.css': 'css' },
  logLevel: 'warning',
});
console.log('built dist/webview/webview.js');
