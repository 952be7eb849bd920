// The host end of one webview (the sidebar list or one trace panel): answers `ready` with `init`,
// relays live changes as typed messages (a paused list holds them back itself, counting them),
// and routes the page's requests to the extension. Data reaches the page only through postMessage.
import * as vscode from 'vscode';
import type { TraceDetailResponse } from '../../receiver/src/contract/api';
import { ApiRequestError } from '../../receiver/src/contract/client';
import type { HostToWebview, ReceiverInfo, ViewKind, WebviewToHost } from '../../webview/src/protocol';
import type { LiveChange, LiveState } from './live-state';
import { parseWebviewMessage } from './webview-messages';

/** What a webview may ask of the extension. */
export interface HostServices {
  live: LiveState;
  receiver(): ReceiverInfo;
  fetchTrace(traceId: string): Promise<TraceDetailResponse>;
  openTrace(traceId: string, spanId?: string): void;
  clearAll(): Promise<void>;
  exportTrace(traceId: string): Promise<void>;
  copy(text: string, what: string): Promise<void>;
  runCommand(command: Extract<WebviewToHost, { type: 'command' }>['command']): void;
  log(line: string): void;
}

const TRACE_REFRESH_MS = 300;

export class WebviewConnection implements vscode.Disposable {
  private ready = false;
  private refreshTimer: NodeJS.Timeout | null = null;
  private selectSpanId: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly webview: vscode.Webview,
    private readonly view: ViewKind,
    private readonly services: HostServices,
    private readonly traceId?: string,
    private readonly onTitle: (title: string) => void = () => {},
  ) {
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

  receiverChanged(): void {
    this.post({ type: 'receiver', receiver: this.services.receiver() });
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.disposables.forEach((d) => d.dispose());
  }

  private receive(raw: unknown): void {
    const m = parseWebviewMessage(raw);
    if (!m) {
      this.services.log(`ignored a malformed message from the ${this.view} view`);
      return;
    }
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.sendInit();
        if (this.view === 'trace') void this.sendTrace();
        return;
      case 'open-trace':
        this.services.openTrace(m.traceId, m.spanId);
        return;
      case 'copy':
        void this.services.copy(m.text, m.what);
        return;
      case 'clear-all':
        void this.services.clearAll();
        return;
      case 'export-trace':
        void this.services.exportTrace(m.traceId);
        return;
      case 'command':
        this.services.runCommand(m.command);
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
    switch (c.type) {
      case 'reset':
        this.sendInit();
        if (this.view === 'trace') this.scheduleTraceRefresh();
        return;
      case 'traces':
        if (this.view === 'trace') {
          if (c.traces.some((t) => t.traceId === this.traceId)) this.scheduleTraceRefresh();
          return;
        }
        this.post({ type: 'traces', traces: c.traces });
        return;
      case 'traces-removed':
        if (this.view === 'trace') {
          if (this.traceId && c.traceIds.includes(this.traceId)) this.post({ type: 'trace-missing', traceId: this.traceId, reason: 'the trace was removed' });
          return;
        }
        this.post({ type: 'traces-removed', traceIds: c.traceIds });
        return;
      case 'warnings':
        this.post({ type: 'warnings', warnings: this.services.live.activeWarnings() });
        return;
      case 'connection':
        this.receiverChanged();
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
    try {
      const detail = await this.services.fetchTrace(id);
      this.onTitle(detail.summary.rootName);
      const spanId = this.selectSpanId;
      this.selectSpanId = undefined;
      this.post(spanId ? { type: 'trace', detail, selectSpanId: spanId } : { type: 'trace', detail });
    } catch (err) {
      const reason =
        err instanceof ApiRequestError && err.status === 404 ? 'no trace with this id is stored' : `the receiver did not answer: ${(err as Error).message}`;
      this.post({ type: 'trace-missing', traceId: id, reason });
    }
  }
}
