// The Python test clients: real OpenTelemetry Python SDK and instrumentations in .venv-test
// (made by scripts/setup-python.sh, which `npm test` runs first).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PYTHON = process.env.LTL_TEST_PYTHON ?? path.join(root, '.venv-test/bin/python');

export async function runPython(script: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run scripts/setup-python.sh (npm test does)`);
  const { stdout } = await promisify(execFile)(PYTHON, [path.join(root, 'test/python', script), ...args], {
    timeout: 60000,
    env: { ...process.env, OTEL_SDK_DISABLED: 'false', ...env },
  });
  return stdout;
}
