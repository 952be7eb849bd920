// The palette commands (ids in ids.ts, titles in package.json).
import * as vscode from 'vscode';
import { SNIPPET_KINDS, envSnippet } from './env-snippet';
import { COMMANDS, TRACES_VIEW, normaliseTraceId } from './ids';
import type { ReceiverController } from './receiver-controller';
import { SECTION } from './settings';
import type { TraceActions } from './trace-actions';
import type { TracePanels } from './views';

export interface CommandDeps {
  receiver: ReceiverController;
  actions: TraceActions;
  panels: TracePanels;
  log: vscode.LogOutputChannel;
}

async function askTraceId(prompt: string): Promise<string | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'LLM Trace Lens',
    prompt,
    placeHolder: '32 hex digits, e.g. 4bf92f3577b34da6a3ce929d0e0e4736',
    validateInput: (v) => (normaliseTraceId(v) ? null : 'A trace id is 32 hexadecimal digits (not all zero).'),
  });
  return text === undefined ? undefined : (normaliseTraceId(text) ?? undefined);
}

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const endpoint = (): string => d.receiver.manager.config.httpEndpoint;
  const handlers: Record<(typeof COMMANDS)[keyof typeof COMMANDS], (...args: unknown[]) => unknown> = {
    [COMMANDS.showTraces]: () => vscode.commands.executeCommand(`${TRACES_VIEW}.focus`),
    [COMMANDS.openTrace]: async (arg) => {
      const id = (typeof arg === 'string' ? normaliseTraceId(arg) : null) ?? (await askTraceId('Trace id to open'));
      if (id) d.panels.open(id);
    },
    [COMMANDS.clearAll]: () => d.actions.clearAll(),
    [COMMANDS.copyEndpoint]: () => d.actions.copy(endpoint(), `the OTLP endpoint ${endpoint()}`),
    [COMMANDS.copyEnvironmentSnippet]: async () => {
      const pick = await vscode.window.showQuickPick(
        SNIPPET_KINDS.map((k) => ({ label: k.label, detail: k.detail, snippet: k.kind })),
        { title: 'Copy the OpenTelemetry environment as', placeHolder: `points apps at ${endpoint()}` },
      );
      if (pick) await d.actions.copy(envSnippet(pick.snippet, endpoint()), `the ${pick.label} environment snippet`);
    },
    [COMMANDS.startReceiver]: () => d.receiver.start(),
    [COMMANDS.stopReceiver]: () => d.receiver.stop(),
    [COMMANDS.restartReceiver]: () => d.receiver.restart(),
    [COMMANDS.pickPort]: async () => {
      const current = d.receiver.settings.receiver.port;
      const text = await vscode.window.showInputBox({
        title: 'LLM Trace Lens: OTLP/HTTP port',
        prompt: `Port for OTLP/HTTP and the query API (now ${current}); saved in the user setting ${SECTION}.receiver.port`,
        value: String(current === 4318 ? 4320 : current),
        validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65535 ? null : 'A port is a number from 1 to 65535.'),
      });
      if (text === undefined) return;
      await vscode.workspace.getConfiguration(SECTION).update('receiver.port', Number(text.trim()), vscode.ConfigurationTarget.Global);
    },
    [COMMANDS.importFile]: () => d.actions.importFile(),
    [COMMANDS.exportTrace]: async (arg) => {
      const id = (typeof arg === 'string' ? normaliseTraceId(arg) : null) ?? d.panels.activeTraceId() ?? (await askTraceId('Trace id to export'));
      if (id) await d.actions.exportTrace(id);
    },
    [COMMANDS.showOutput]: () => d.log.show(),
  };
  return Object.entries(handlers).map(([id, fn]) => vscode.commands.registerCommand(id, fn));
}
