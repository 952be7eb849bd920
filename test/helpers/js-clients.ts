// The JavaScript test clients: real GenAI instrumentations in test/js-clients (their own npm
// project, made by scripts/setup-js-clients.sh, which `npm test` runs first), run with the
// Node 22 that project installs, since current instrumentation packages need it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const JS_CLIENTS = path.join(root, 'test/js-clients');
export const NODE22 = process.env.LTL_TEST_NODE22 ?? path.join(JS_CLIENTS, 'node_modules/.bin/node');

export type OtlpProtocol = 'http/protobuf' | 'grpc';

/** Runs a client script; it prints `{traces: {scenario: traceId}}` once everything is flushed. */
export async function runJsClient(
  script: string,
  protocol: OtlpProtocol,
  endpoint: string,
  openaiBaseUrl: string,
  extraArgs: string[] = [],
): Promise<Record<string, string>> {
  if (!existsSync(NODE22)) throw new Error(`${NODE22} is missing: run scripts/setup-js-clients.sh (npm test does)`);
  const env: NodeJS.ProcessEnv = { ...process.env, OTEL_SDK_DISABLED: 'false' };
  // The client configures its own exporters; inherited OTLP settings must not redirect them.
  for (const k of Object.keys(env)) if (k.startsWith('OTEL_EXPORTER_OTLP_')) delete env[k];
  const { stdout } = await promisify(execFile)(
    NODE22,
    [path.join(JS_CLIENTS, script), protocol, endpoint, openaiBaseUrl, ...extraArgs],
    { timeout: 60000, env, cwd: JS_CLIENTS },
  );
  const out = JSON.parse(stdout.trim().split('\n').pop()!) as { traces: Record<string, string> };
  return out.traces;
}
