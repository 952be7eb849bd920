// The palette commands (ids in ids.ts, titles in package.json).
import * as vscode from 'vscode';
import type { CodeLocation, LlmCallRow } from '../../receiver/src/contract/model';
import type { Warning } from '../../receiver/src/contract/warnings';
import { formatDuration, formatStart, formatUsd } from '../../webview/src/format';
import type { CallRef } from '../../webview/src/protocol';
import type { CompareService } from './compare-service';
import { SNIPPET_KINDS, envSnippet } from './env-snippet';
import { COMMANDS, TRACES_VIEW, WARNINGS_VIEW, normaliseTraceId } from './ids';
import type { ReceiverController } from './receiver-controller';
import { SECTION } from './settings';
import { describeLocation } from './source-path';
import type { TraceActions } from './trace-actions';
import type { TracePanels } from './views';
import { callRef, codeLocation } from './webview-messages';

export interface CommandDeps {
  receiver: ReceiverController;
  actions: TraceActions;
  panels: TracePanels;
  compare: CompareService;
  openView(view: 'cost' | 'gpu'): void;
  goToSource(code: CodeLocation): Promise<unknown>;
  log: vscode.LogOutputChannel;
}

const SPAN_ID = /^[0-9a-f]{16}$/;

/** The call a command was given: a CallRef, or a warning (tree item) about calls. */
function callArgument(arg: unknown): CallRef | null {
  const ref = callRef(arg);
  if (ref) return ref;
  const subject = (arg as Partial<Warning> | null)?.subject;
  return subject?.kind === 'calls' ? callRef(subject) : null;
}

async function pickRecentCall(d: CommandDeps, title: string, withCode: boolean): Promise<CallRef | undefined> {
  let calls: LlmCallRow[];
  try {
    calls = (await d.receiver.manager.client.llmCalls({ limit: 200 })).calls.filter((c) => (c.spanClass === 'llm' || c.spanClass === 'embedding') && (!withCode || c.code));
  } catch (err) {
    void vscode.window.showWarningMessage(`LLM Trace Lens: the receiver did not answer: ${(err as Error).message}`);
    return undefined;
  }
  if (!calls.length) {
    void vscode.window.showInformationMessage(`LLM Trace Lens: no recent LLM calls${withCode ? ' with a code location' : ''}.`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    calls.slice(0, 50).map((c) => ({
      label: c.name,
      description: `${c.model ?? '?'} · ${formatDuration(c.durationMs)} · ${formatUsd(c.costUsd)}`,
      detail: `${c.service} · ${formatStart(c.startTimeUnixNano)}${c.code ? ` · ${describeLocation(c.code)}` : ''}`,
      ref: { traceId: c.traceId, spanId: c.spanId },
    })),
    { title, placeHolder: 'Recent LLM calls, newest first', matchOnDescription: true, matchOnDetail: true },
  );
  return pick?.ref;
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
    [COMMANDS.openTrace]: async (arg, spanArg) => {
      const id = (typeof arg === 'string' ? normaliseTraceId(arg) : null) ?? (await askTraceId('Trace id to open'));
      if (id) d.panels.open(id, typeof spanArg === 'string' && SPAN_ID.test(spanArg) ? spanArg : undefined);
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
    [COMMANDS.showCostDashboard]: () => d.openView('cost'),
    [COMMANDS.showGpu]: () => d.openView('gpu'),
    [COMMANDS.showWarnings]: () => vscode.commands.executeCommand(`${WARNINGS_VIEW}.focus`),
    [COMMANDS.compareWithPrevious]: async (arg) => {
      const ref = callArgument(arg) ?? d.panels.activeCall() ?? (await pickRecentCall(d, 'Compare which call with the previous one?', false));
      if (ref) await d.compare.comparePrevious(ref);
    },
    [COMMANDS.goToSource]: async (arg) => {
      const direct = codeLocation(arg);
      if (direct) return d.goToSource(direct);
      const ref = callArgument(arg) ?? d.panels.activeCall() ?? (await pickRecentCall(d, 'Go to the source of which call?', true));
      if (!ref) return;
      try {
        const span = (await d.receiver.manager.client.trace(ref.traceId)).spans.find((s) => s.spanId === ref.spanId);
        if (span?.code) return d.goToSource(span.code);
        void vscode.window.showInformationMessage(`LLM Trace Lens: ${span ? `span "${span.name}"` : 'this call'} does not say where in the code it happened (no code.* attributes or stack trace).`);
      } catch (err) {
        void vscode.window.showWarningMessage(`LLM Trace Lens: the receiver did not answer: ${(err as Error).message}`);
      }
    },
  };
  return Object.entries(handlers).map(([id, fn]) => vscode.commands.registerCommand(id, fn));
}
