// OTEL_* variables in every new integrated terminal, so an app started there reports here.
import * as vscode from 'vscode';
import { otelEnvironment } from './env-snippet';

export function updateTerminalEnvironment(collection: vscode.GlobalEnvironmentVariableCollection, inject: boolean, httpEndpoint: string): void {
  if (!inject) {
    collection.clear();
    return;
  }
  const env = otelEnvironment(httpEndpoint);
  for (const [name, value] of Object.entries(env)) collection.replace(name, value);
  collection.description = new vscode.MarkdownString(
    `Sends OpenTelemetry data to LLM Trace Lens at \`${httpEndpoint}\` (setting \`llmTraceLens.terminal.injectEnvironment\`).`,
  );
}
