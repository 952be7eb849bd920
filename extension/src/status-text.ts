// The status bar item's text and tooltip for a receiver state, traces and warnings. Pure.
import type { ReceiverInfo } from '../../webview/src/protocol';

export interface StatusView {
  text: string;
  tooltip: string;
  /** Draw with the warning background (active warnings while the receiver runs). */
  warning: boolean;
  /** Draw with the error background instead: an active warning of error severity. */
  error: boolean;
}

function portOf(endpoint: string): string {
  return endpoint.match(/:(\d+)$/)?.[1] ?? endpoint;
}

export function statusView(receiver: ReceiverInfo, traceCount: number, warningCount: number, errorCount = 0): StatusView {
  const port = portOf(receiver.httpEndpoint);
  const running = receiver.state === 'listening' || receiver.state === 'attached';
  let text: string;
  switch (receiver.state) {
    case 'listening':
      text = `$(pulse) LLM :${port}`;
      break;
    case 'attached':
      text = `$(plug) LLM :${port}`;
      break;
    case 'starting':
      text = `$(loading~spin) LLM :${port}`;
      break;
    case 'port-busy':
      text = `$(warning) LLM :${port} busy`;
      break;
    case 'stopped':
      text = '$(debug-stop) LLM stopped';
      break;
    case 'error':
      text = '$(error) LLM receiver';
      break;
  }
  if (running) {
    text += ` · ${traceCount} ${traceCount === 1 ? 'trace' : 'traces'}`;
    if (warningCount > 0) text += ` · $(${errorCount > 0 ? 'error' : 'warning'}) ${warningCount}`;
  }
  const lines = [`LLM Trace Lens receiver: ${stateWords(receiver)}`];
  if (receiver.detail) lines.push(receiver.detail);
  lines.push(`OTLP/HTTP ${receiver.httpEndpoint}`, `OTLP/gRPC ${receiver.grpcEndpoint ?? 'off'}`);
  if (running) {
    lines.push(`${traceCount} traces stored, ${warningCount} active ${warningCount === 1 ? 'warning' : 'warnings'}`);
    if (receiver.health) lines.push(`data ${receiver.health.dataDir} (pid ${receiver.health.pid})`);
  }
  lines.push(warningCount > 0 && running ? 'Click to open the warnings' : 'Click to open the traces view');
  return { text, tooltip: lines.join('\n'), warning: warningCount > 0 && running, error: errorCount > 0 && running };
}

function stateWords(r: ReceiverInfo): string {
  switch (r.state) {
    case 'listening':
      return 'running in this window';
    case 'attached':
      return "using another window's receiver";
    case 'starting':
      return 'starting';
    case 'port-busy':
      return 'port in use by another program';
    case 'stopped':
      return 'stopped';
    case 'error':
      return 'failed';
  }
}
