// The host's pure pieces: status bar text, environment snippets, the webview shell and its CSP,
// checks on webview messages, restart backoff, trace id input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReceiverInfo } from '../../webview/src/protocol';
import { RestartBackoff } from '../../extension/src/backoff';
import { envSnippet, otelEnvironment } from '../../extension/src/env-snippet';
import { normaliseTraceId } from '../../extension/src/ids';
import { statusView } from '../../extension/src/status-text';
import { contentSecurityPolicy, newNonce, webviewShell } from '../../extension/src/webview-html';
import { parseWebviewMessage } from '../../extension/src/webview-messages';

const info = (state: ReceiverInfo['state'], detail?: string): ReceiverInfo => ({
  state,
  httpEndpoint: 'http://127.0.0.1:4318',
  grpcEndpoint: 'http://127.0.0.1:4317',
  ...(detail ? { detail } : {}),
});

describe('status bar text', () => {
  it('shows state, port, traces and warnings', () => {
    const v = statusView(info('listening'), 12, 0);
    assert.equal(v.text, '$(pulse) LLM :4318 · 12 traces');
    assert.equal(v.warning, false);
    assert.match(v.tooltip, /running in this window\nOTLP\/HTTP http:\/\/127\.0\.0\.1:4318\nOTLP\/gRPC http:\/\/127\.0\.0\.1:4317\n12 traces stored, 0 active warnings/);
    const w = statusView(info('attached'), 1, 2);
    assert.equal(w.text, '$(plug) LLM :4318 · 1 trace · $(warning) 2');
    assert.equal(w.warning, true);
    assert.match(w.tooltip, /another window's receiver/);
  });

  it('names the states where nothing is received', () => {
    assert.equal(statusView(info('port-busy', 'port 4318 is used by another program'), 0, 3).text, '$(warning) LLM :4318 busy');
    assert.equal(statusView(info('port-busy'), 0, 3).warning, false);
    assert.match(statusView(info('port-busy', 'port 4318 is used by another program'), 0, 0).tooltip, /used by another program/);
    assert.equal(statusView(info('stopped'), 5, 0).text, '$(debug-stop) LLM stopped');
    assert.equal(statusView(info('starting'), 0, 0).text, '$(loading~spin) LLM :4318');
    assert.equal(statusView(info('error', 'the receiver keeps exiting'), 0, 0).text, '$(error) LLM receiver');
    assert.equal(statusView({ ...info('listening'), grpcEndpoint: null }, 0, 0).tooltip.includes('OTLP/gRPC off'), true);
  });
});

describe('environment snippets', () => {
  const ep = 'http://127.0.0.1:4319';
  it('sets the endpoint and http/protobuf for terminals', () => {
    assert.deepEqual(otelEnvironment(ep), { OTEL_EXPORTER_OTLP_ENDPOINT: ep, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
  });
  it('writes each snippet kind', () => {
    assert.equal(envSnippet('shell', ep), `export OTEL_EXPORTER_OTLP_ENDPOINT=${ep}\nexport OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\n`);
    assert.equal(envSnippet('dotenv', ep), `OTEL_EXPORTER_OTLP_ENDPOINT=${ep}\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\n`);
    assert.equal(envSnippet('python', ep), `import os\nos.environ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "${ep}"\nos.environ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf"\n`);
    assert.equal(envSnippet('node', ep), `process.env.OTEL_EXPORTER_OTLP_ENDPOINT = '${ep}';\nprocess.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/protobuf';\n`);
  });
});

describe('webview shell', () => {
  it('has a strict CSP with a fresh nonce on the script and stylesheet', () => {
    const a = newNonce();
    assert.notEqual(a, newNonce());
    assert.ok(Buffer.from(a, 'base64').length >= 16);
    assert.equal(
      contentSecurityPolicy('https://x.vscode-cdn.net', 'N'),
      "default-src 'none'; img-src https://x.vscode-cdn.net data:; style-src https://x.vscode-cdn.net 'nonce-N'; script-src 'nonce-N'; font-src https://x.vscode-cdn.net",
    );
    const html = webviewShell({ cspSource: 'https://c', scriptUri: 'https://c/webview.js', styleUri: 'https://c/webview.css', view: 'trace', traceId: 'ab'.repeat(16), title: 'T', nonce: 'N' });
    assert.match(html, /<body data-view="trace" data-trace-id="(ab){16}">/);
    assert.match(html, /<script nonce="N" src="https:\/\/c\/webview.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/c\/webview.css" nonce="N">/);
    assert.doesNotMatch(html, /connect-src|unsafe-inline|unsafe-eval/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });

  it('escapes what it puts in attributes', () => {
    const html = webviewShell({ cspSource: 'c', scriptUri: 's"><script>x</script>', view: 'traces', title: '<b>"t"</b>', nonce: 'N' });
    assert.doesNotMatch(html, /<script>x/);
    assert.doesNotMatch(html, /<b>/);
    assert.match(html, /<body data-view="traces">/);
    assert.doesNotMatch(html, /stylesheet/);
  });
});

describe('webview messages', () => {
  const id = 'a'.repeat(32);
  it('accepts each well-formed message', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', view: 'traces' }), { type: 'ready', view: 'traces' });
    assert.deepEqual(parseWebviewMessage({ type: 'open-trace', traceId: id }), { type: 'open-trace', traceId: id });
    assert.deepEqual(parseWebviewMessage({ type: 'open-trace', traceId: id, spanId: 'b'.repeat(16) }), { type: 'open-trace', traceId: id, spanId: 'b'.repeat(16) });
    assert.deepEqual(parseWebviewMessage({ type: 'copy', text: 'x', what: 'the prompt' }), { type: 'copy', text: 'x', what: 'the prompt' });
    assert.deepEqual(parseWebviewMessage({ type: 'clear-all' }), { type: 'clear-all' });
    assert.deepEqual(parseWebviewMessage({ type: 'export-trace', traceId: id }), { type: 'export-trace', traceId: id });
    assert.deepEqual(parseWebviewMessage({ type: 'command', command: 'pick-port' }), { type: 'command', command: 'pick-port' });
  });
  it('drops anything else', () => {
    for (const bad of [null, 'ready', {}, { type: 'ready', view: 'x' }, { type: 'open-trace', traceId: '../etc' }, { type: 'open-trace', traceId: id, spanId: 3 },
      { type: 'copy', text: 1, what: 'x' }, { type: 'pause', paused: true }, { type: 'command', command: 'workbench.action.terminal.new' }, { type: 'eval', code: '1' }]) {
      assert.equal(parseWebviewMessage(bad), null, JSON.stringify(bad));
    }
  });
});

describe('restart backoff', () => {
  it('grows, gives up, and starts over after a stable run', () => {
    const b = new RestartBackoff({ delaysMs: [10, 20, 40], maxRestarts: 4, stableMs: 1000 });
    assert.deepEqual([b.next(5), b.next(5), b.next(5), b.next(5), b.next(5)], [10, 20, 40, 40, null]);
    assert.equal(b.next(1000), 10);
    b.reset();
    assert.equal(b.attempts, 0);
  });
});

describe('trace id input', () => {
  it('takes 32 hex digits in any case and with spaces, not all zero', () => {
    assert.equal(normaliseTraceId(' 4BF92F3577B34DA6A3CE929D0E0E4736 '), '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(normaliseTraceId('0'.repeat(32)), null);
    assert.equal(normaliseTraceId('4bf92f3577b34da6'), null);
    assert.equal(normaliseTraceId('g'.repeat(32)), null);
  });
});
