// The host end of one webview (the sidebar list, a trace panel, a comparison, the cost dashboard
// or the GPU panel): answers `ready` with `init` and the view's own data, relays live changes as
// typed messages (a paused list holds them back itself, counting them), and routes the page's
// requests to the extension. Data reaches the page only through postMessage.
import * as vscode from 'vscode';
import type { GpuResponse, TraceDetailResponse } from '../../receiver/src/contract/api';
import { ApiRequestError } from '../../receiver/src/contract/client';
import type { CodeLocation } from '../../receiver/src/contract/model';
import type { CallRef, HostToWebview, ReceiverInfo, ViewKind, WebviewToHost } from '../../webview/src/protocol';
import { nanosToMs } from '../../webview/src/format';
import { CallsFeed, searchAnswer, type ListQueryClient } from '../../webview/src/traces/list-queries';
import { clipGpuHistory } from './gpu-window';
import type { LiveChange, LiveState } from './live-state';
import { parseWebviewMessage } from './webview-messages';

export type ComparePick = (CallRef & { name: string }) | null;

/** What a webview may ask of the extension. */
export interface HostServices {
  live: LiveState;
  receiver(): ReceiverInfo;
  fetchTrace(traceId: string): Promise<TraceDetailResponse>;
  fetchGpu(sinceMs: number): Promise<GpuResponse>;
  /** The receiver's client for the list's full-text search and its LLM calls mode. */
  listClient(): ListQueryClient;
  openTrace(traceId: string, spanId?: string): void;
  clearAll(): Promise<void>;
  exportTrace(traceId: string): Promise<void>;
  copy(text: string, what: string): Promise<void>;
  runCommand(command: Extract<WebviewToHost, { type: 'command' }>['command']): void;
  compareCalls(left: CallRef, right: CallRef): void;
  comparePrevious(call: CallRef): Promise<void>;
  compareTraces(left: string, right: string): void;
  openNativeDiff(left: CallRef, right: CallRef): Promise<void>;
  /** The one pick shared by every view. */
  comparePick(): ComparePick;
  setComparePick(pick: ComparePick): void;
  goToSource(code: CodeLocation): Promise<void>;
  openView(view: 'cost' | 'gpu'): void;
  log(line: string): void;
}

/** A view's own data source (a comparison, the cost report, the GPU panel) behind its connection. */
export interface ViewFeed {
  /** After `init`, and again after a reconnect: load and post the view's data. */
  start(): void;
  onLive?(c: LiveChange): void;
  /** Messages only this view handles (the cost range); true when handled. */
  onMessage?(m: WebviewToHost): boolean;
  dispose?(): void;
}

export interface ConnectionOptions {
  traceId?: string;
  onTitle?: (title: string) => void;
  feed?: (post: (m: HostToWebview) => void) => ViewFeed;
}

const TRACE_REFRESH_MS = 300;

export class WebviewConnection implements vscode.Disposable {
  private ready = false;
  private refreshTimer: NodeJS.Timeout | null = null;
  private selectSpanId: string | undefined;
  private readonly traceId: string | undefined;
  private readonly feed: ViewFeed | null;
  private readonly calls: CallsFeed;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly webview: vscode.Webview,
    private readonly view: ViewKind,
    private readonly services: HostServices,
    private readonly options: ConnectionOptions = {},
  ) {
    this.traceId = options.traceId;
    this.feed = options.feed?.((m) => this.post(m)) ?? null;
    this.calls = new CallsFeed(() => services.listClient(), (m) => this.post(m), services.log);
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      services.live.onChange((c) => this.onLive(c)),
    );
  }

  /** Sends to the page once it has said it is ready (everything before is covered by `init`). */
  post(message: HostToWebview): void {
    if (this.ready) void this.webview.postMessage(message);
  }

  /** A trace panel asked to show (again), maybe with another span selected. */
  showTrace(spanId?: string): void {
    this.selectSpanId = spanId;
    if (this.ready) void this.sendTrace();
  }

  /** The view's data again (a reused comparison or dashboard brought to the front). */
  refresh(): void {
    if (this.ready) this.feed?.start();
  }

  receiverChanged(): void {
    this.post({ type: 'receiver', receiver: this.services.receiver() });
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.calls.dispose();
    this.feed?.dispose?.();
    this.disposables.forEach((d) => d.dispose());
  }

  private receive(raw: unknown): void {
    const m = parseWebviewMessage(raw);
    if (!m) {
      this.services.log(`ignored a malformed message from the ${this.view} view`);
      return;
    }
    if (this.feed?.onMessage?.(m)) return;
    const s = this.services;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.sendInit();
        this.post({ type: 'compare-pick', pick: s.comparePick() });
        if (this.view === 'trace') void this.sendTrace();
        this.feed?.start();
        return;
      case 'open-trace':
        s.openTrace(m.traceId, m.spanId);
        return;
      case 'copy':
        void s.copy(m.text, m.what);
        return;
      case 'clear-all':
        void s.clearAll();
        return;
      case 'export-trace':
        void s.exportTrace(m.traceId);
        return;
      case 'command':
        s.runCommand(m.command);
        return;
      case 'compare-calls':
        s.compareCalls(m.left, m.right);
        return;
      case 'compare-previous':
        void s.comparePrevious(m.call);
        return;
      case 'pick-for-compare':
        s.setComparePick(m.pick);
        return;
      case 'compare-traces':
        s.compareTraces(m.left, m.right);
        return;
      case 'open-native-diff':
        void s.openNativeDiff(m.left, m.right);
        return;
      case 'go-to-source':
        void s.goToSource(m.code);
        return;
      case 'open-view':
        s.openView(m.view);
        return;
      case 'search':
        void searchAnswer(s.listClient(), m.query, m.seq).then((answer) => this.post(answer));
        return;
      case 'list-calls':
        this.calls.request(m.limit);
        return;
      case 'cost-range':
      case 'export-cost-csv':
        // Only the cost dashboard's feed answers these.
        this.services.log(`ignored ${m.type} from the ${this.view} view`);
        return;
    }
  }

  private sendInit(): void {
    const { live } = this.services;
    const row = this.traceId ? live.rows.get(this.traceId) : undefined;
    const traces = this.view === 'traces' ? live.rows.sorted() : row ? [row] : [];
    this.post({ type: 'init', view: this.view, receiver: this.services.receiver(), traces, warnings: live.activeWarnings() });
  }

  private onLive(c: LiveChange): void {
    this.feed?.onLive?.(c);
    if (c.type === 'reset' || c.type === 'traces' || c.type === 'traces-removed') this.calls.changed();
    switch (c.type) {
      case 'reset':
        this.sendInit();
        if (this.view === 'trace') this.scheduleTraceRefresh();
        this.feed?.start();
        return;
      case 'traces':
        if (this.view === 'trace') {
          if (c.traces.some((t) => t.traceId === this.traceId)) this.scheduleTraceRefresh();
          return;
        }
        if (this.view === 'traces') this.post({ type: 'traces', traces: c.traces });
        return;
      case 'traces-removed':
        if (this.view === 'trace') {
          if (this.traceId && c.traceIds.includes(this.traceId)) this.post({ type: 'trace-missing', traceId: this.traceId, reason: 'the trace was removed' });
          return;
        }
        if (this.view === 'traces') this.post({ type: 'traces-removed', traceIds: c.traceIds });
        return;
      case 'warnings':
        this.post({ type: 'warnings', warnings: this.services.live.activeWarnings() });
        return;
      case 'connection':
        this.receiverChanged();
        return;
      case 'gpu':
        return;
    }
  }

  private scheduleTraceRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.sendTrace();
    }, TRACE_REFRESH_MS);
  }

  private async sendTrace(): Promise<void> {
    const id = this.traceId;
    if (!id) return;
    let detail: TraceDetailResponse;
    try {
      detail = await this.services.fetchTrace(id);
    } catch (err) {
      const reason =
        err instanceof ApiRequestError && err.status === 404 ? 'no trace with this id is stored' : `the receiver did not answer: ${(err as Error).message}`;
      this.post({ type: 'trace-missing', traceId: id, reason });
      return;
    }
    this.options.onTitle?.(detail.summary.rootName);
    const spanId = this.selectSpanId;
    this.selectSpanId = undefined;
    this.post(spanId ? { type: 'trace', detail, selectSpanId: spanId } : { type: 'trace', detail });
    await this.sendTraceGpu(detail);
  }

  /** The GPU band under the spans: the receiver's history clipped to the trace's time window. */
  private async sendTraceGpu(detail: TraceDetailResponse): Promise<void> {
    const from = nanosToMs(detail.summary.startTimeUnixNano);
    const to = nanosToMs(detail.summary.endTimeUnixNano);
    try {
      // A little earlier, so the sample just before the trace is there to start the band.
      const gpu = await this.services.fetchGpu(from - 5000);
      this.post({ type: 'trace-gpu', traceId: detail.summary.traceId, history: clipGpuHistory(gpu.history, from, to) });
    } catch (err) {
      this.services.log(`GPU history for trace ${detail.summary.traceId} not loaded: ${(err as Error).message}`);
    }
  }
}
