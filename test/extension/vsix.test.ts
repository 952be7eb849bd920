// `npm run package` builds a VSIX holding only the bundles, the manifest, its documents and
// the icons; the extension bundle loads with nothing missing but the editor's own `vscode`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const VSIX = 'dist/llm-trace-lens.vsix';

const ALLOWED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/dist/extension/extension.cjs',
  'extension/dist/receiver/cli.cjs',
  'extension/dist/webview/webview.css',
  'extension/dist/webview/webview.js',
  'extension/extension/media/activity.svg',
  'extension/extension/media/icon.png',
  'extension/extension/media/trace.svg',
  'extension/package.json',
  'extension/readme.md',
];

describe('VSIX', () => {
  it('packages exactly the allowed files', { timeout: 180_000 }, async () => {
    await exec('npm', ['run', 'package'], { cwd: root, timeout: 170_000 });
    const { stdout } = await exec('unzip', ['-Z1', VSIX], { cwd: root });
    const files = stdout.split('\n').filter(Boolean).sort();
    // The stylesheet exists only once the webview imports CSS.
    assert.deepEqual(files, ALLOWED.filter((f) => f !== 'extension/dist/webview/webview.css' || files.includes(f)).sort());
    const size = (await stat(`${root}/${VSIX}`)).size;
    assert.ok(size < 5 * 1024 * 1024, `VSIX is ${size} bytes`);
  });

  it('loads the extension bundle with only the vscode module missing', async () => {
    const result = await exec(process.execPath, ['-e', "try { require('./dist/extension/extension.cjs') } catch (e) { console.log(e.code + ' ' + e.message.split('\\n')[0]) }"], { cwd: root });
    assert.equal(result.stdout.trim(), "MODULE_NOT_FOUND Cannot find module 'vscode'");
  });
});
