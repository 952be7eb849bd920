// Comparisons: two LLM calls (picked, or a call and the previous call of its operation and
// model) or two traces, side by side in a comparison panel or, for calls, in VS Code's own diff
// editor over virtual documents. Also keeps the one "picked for compare" call all views share.
import * as vscode from 'vscode';
import type { TraceDetailResponse } from '../../receiver/src/contract/api';
import { ApiRequestError, type ReceiverClient } from '../../receiver/src/contract/client';
import { callDocument } from '../../webview/src/compare/call-text';
import type { CallRef, ComparedCall, HostToWebview } from '../../webview/src/protocol';
import { CALL_DOCUMENT_SCHEME, callDocumentPath, parseCallDocumentPath } from './call-document-uri';
import type { FeaturePanels, PanelSpec } from './feature-panels';
import type { ViewHub } from './views';
import type { ComparePick } from './webview-connection';

/** Thrown for a call that cannot be compared; the message is for people. */
class Missing extends Error {}

function reasonOf(err: unknown): string {
  if (err instanceof Missing) return err.message;
  if (err instanceof ApiRequestError && err.status === 404) return 'one of the traces is no longer stored';
  return `the receiver did not answer: ${err instanceof Error ? err.message : String(err)}`;
}

function refKey(r: CallRef): string {
  return `${r.traceId}/${r.spanId}`;
}

export function comparedCall(detail: TraceDetailResponse, spanId: string): ComparedCall {
  const span = detail.spans.find((s) => s.spanId === spanId);
  if (!span) throw new Missing(`span ${spanId} is not in trace ${detail.summary.traceId}`);
  if (!span.llm) throw new Missing(`span "${span.name}" is not an LLM call`);
  return { traceId: span.traceId, spanId, name: span.name, service: span.service, startTimeUnixNano: span.startTimeUnixNano, call: span.llm };
}

export class CompareService implements vscode.TextDocumentContentProvider {
  private pick: ComparePick = null;

  constructor(
    private readonly client: () => ReceiverClient,
    private readonly panels: FeaturePanels,
    private readonly hub: ViewHub,
    private readonly log: (line: string) => void,
  ) {}

  currentPick(): ComparePick {
    return this.pick;
  }

  setPick(pick: ComparePick): void {
    this.pick = pick;
    this.hub.broadcast({ type: 'compare-pick', pick });
  }

  async loadCall(ref: CallRef): Promise<ComparedCall> {
    return comparedCall(await this.client().trace(ref.traceId), ref.spanId);
  }

  compareCalls(left: CallRef, right: CallRef): void {
    this.panels.show(this.callsPanel(left, right));
  }

  callsPanel(left: CallRef, right: CallRef): PanelSpec {
    return {
      key: `calls:${refKey(left)}:${refKey(right)}`,
      view: 'compare',
      title: 'Compare LLM calls',
      data: { compare: 'calls', left: refKey(left), right: refKey(right) },
      feed: (post) => ({ start: () => void this.postCalls(left, right, post) }),
    };
  }

  /** The newest earlier call of the same operation, model and service, compared with this one. */
  async comparePrevious(ref: CallRef): Promise<void> {
    let previous: CallRef | null = null;
    let reason = '';
    try {
      const current = await this.loadCall(ref);
      previous = await this.previousOf(current);
      if (!previous) reason = `no earlier call of ${current.call.operation ?? 'this operation'} with ${current.call.responseModel ?? current.call.requestModel ?? 'this model'} from ${current.service} is stored`;
    } catch (err) {
      reason = reasonOf(err);
    }
    if (previous) {
      this.compareCalls(previous, ref);
      return;
    }
    this.log(`compare with previous call: ${reason}`);
    void vscode.window.showInformationMessage(`LLM Trace Lens: nothing to compare with: ${reason}.`);
  }

  async previousOf(c: ComparedCall): Promise<CallRef | null> {
    const startNs = BigInt(c.startTimeUnixNano);
    const model = c.call.responseModel ?? c.call.requestModel;
    // `to` is inclusive and in whole milliseconds: ask up to this call's millisecond and drop
    // the call itself and any that started after it within that millisecond.
    const { calls } = await this.client().llmCalls({
      ...(c.call.operation ? { operation: c.call.operation } : {}),
      ...(model ? { model } : {}),
      service: c.service,
      to: Number(startNs / 1_000_000n),
      limit: 5,
    });
    const row = calls.find((r) => r.spanId !== c.spanId && BigInt(r.startTimeUnixNano) <= startNs);
    return row ? { traceId: row.traceId, spanId: row.spanId } : null;
  }

  compareTraces(left: string, right: string): void {
    this.panels.show(this.tracesPanel(left, right));
  }

  tracesPanel(left: string, right: string): PanelSpec {
    return {
      key: `traces:${left}:${right}`,
      view: 'compare',
      title: 'Compare traces',
      data: { compare: 'traces', left, right },
      feed: (post) => ({
        start: () =>
          void Promise.all([this.client().trace(left), this.client().trace(right)]).then(
            ([l, r]) => post({ type: 'compare-traces', left: l, right: r }),
            (err: unknown) => post({ type: 'compare-missing', reason: reasonOf(err) }),
          ),
      }),
    };
  }

  /** The two calls in VS Code's diff editor, as the Markdown documents callDocument() writes. */
  async openNativeDiff(left: CallRef, right: CallRef): Promise<void> {
    let l: ComparedCall;
    let r: ComparedCall;
    try {
      [l, r] = await Promise.all([this.loadCall(left), this.loadCall(right)]);
    } catch (err) {
      void vscode.window.showInformationMessage(`LLM Trace Lens: cannot open the diff: ${reasonOf(err)}.`);
      return;
    }
    const uri = (c: ComparedCall): vscode.Uri => vscode.Uri.from({ scheme: CALL_DOCUMENT_SCHEME, path: callDocumentPath(c, c.name) });
    await vscode.commands.executeCommand('vscode.diff', uri(l), uri(r), `${l.name} ↔ ${r.name} (LLM calls)`, { preview: true });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseCallDocumentPath(uri.path);
    if (!ref) return 'Not an LLM Trace Lens call document.';
    try {
      const c = await this.loadCall(ref);
      const start = new Date(Number(BigInt(c.startTimeUnixNano) / 1_000_000n)).toISOString();
      return callDocument(c.call, `${c.name} · ${c.service} · ${start}`);
    } catch (err) {
      return `This call cannot be shown: ${reasonOf(err)}.`;
    }
  }

  private async postCalls(left: CallRef, right: CallRef, post: (m: HostToWebview) => void): Promise<void> {
    try {
      const [l, r] = await Promise.all([this.loadCall(left), this.loadCall(right)]);
      post({ type: 'compare-calls', left: l, right: r });
    } catch (err) {
      post({ type: 'compare-missing', reason: reasonOf(err) });
    }
  }
}
