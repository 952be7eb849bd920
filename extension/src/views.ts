// The sidebar's trace list (a webview view) and one webview panel per open trace.
import * as vscode from 'vscode';
import type { HostToWebview } from '../../webview/src/protocol';
import { TRACE_PANEL, TRACES_VIEW } from './ids';
import { PanelRegistry, type OpenPanel } from './panel-registry';
import { WebviewConnection, type HostServices } from './webview-connection';
import { setWebviewHtml, webviewOptions } from './webview-setup';

/** Every live webview connection, for messages that go to all of them. */
export class ViewHub {
  readonly connections = new Set<WebviewConnection>();

  broadcast(message: HostToWebview): void {
    for (const c of this.connections) c.post(message);
  }

  receiverChanged(): void {
    for (const c of this.connections) c.receiverChanged();
  }
}

export class TracesViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = TRACES_VIEW;
  private connection: WebviewConnection | null = null;
  private view: vscode.WebviewView | null = null;
  private warningCount = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: HostServices,
    private readonly hub: ViewHub,
  ) {}

  /** The active warnings as the view's badge (kept for when the view is resolved later). */
  setWarningCount(n: number): void {
    this.warningCount = n;
    if (this.view) this.view.badge = n ? { value: n, tooltip: `${n} active ${n === 1 ? 'warning' : 'warnings'}` } : undefined;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.setWarningCount(this.warningCount);
    view.webview.options = webviewOptions(this.extensionUri);
    // The page keeps its filters with setState, and the host re-sends everything on `ready`.
    const connection = new WebviewConnection(view.webview, 'traces', this.services);
    this.connection?.dispose();
    this.connection = connection;
    this.hub.connections.add(connection);
    view.onDidDispose(() => {
      this.hub.connections.delete(connection);
      connection.dispose();
      if (this.connection === connection) this.connection = null;
      if (this.view === view) this.view = null;
    });
    setWebviewHtml(view.webview, this.extensionUri, 'traces', 'LLM traces');
  }

  dispose(): void {
    this.connection?.dispose();
  }
}

interface OpenTracePanel extends OpenPanel {
  /** The span it was last opened at (the page's own selection is not reported back). */
  spanId?: string;
}

export class TracePanels implements vscode.Disposable {
  private readonly panels: PanelRegistry<OpenTracePanel>;
  private services: HostServices | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    hub: ViewHub,
  ) {
    this.panels = new PanelRegistry(hub);
  }

  /** Set once the services exist (they open panels themselves). */
  bind(services: HostServices): void {
    this.services = services;
  }

  /** The call of the trace panel in front, when it was opened at one. */
  activeCall(): { traceId: string; spanId: string } | undefined {
    for (const [traceId, p] of this.panels.entries()) if (p.panel.active && p.spanId) return { traceId, spanId: p.spanId };
    return undefined;
  }

  /** The trace of the panel in front, if a trace panel is. */
  activeTraceId(): string | undefined {
    for (const [id, p] of this.panels.entries()) if (p.panel.active) return id;
    return undefined;
  }

  open(traceId: string, spanId?: string, title?: string): void {
    const existing = this.panels.get(traceId);
    if (existing) {
      existing.panel.reveal();
      if (spanId) {
        existing.spanId = spanId;
        existing.connection.showTrace(spanId);
      }
      return;
    }
    if (!this.services) return;
    const panel = vscode.window.createWebviewPanel(TRACE_PANEL, title ?? `Trace ${traceId.slice(0, 8)}`, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    this.attach(panel, traceId, spanId);
  }

  /** A panel VS Code brought back after a window reload; its page restores its own selection. */
  restore(panel: vscode.WebviewPanel, traceId: string): void {
    // Two restored panels of one trace, or one opened before the restore: keep the one in place.
    if (this.panels.has(traceId) || !this.services) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    this.attach(panel, traceId);
  }

  private attach(panel: vscode.WebviewPanel, traceId: string, spanId?: string): void {
    if (!this.services) return;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'extension', 'media', 'trace.svg');
    const connection = new WebviewConnection(panel.webview, 'trace', this.services, {
      traceId,
      onTitle: (root) => {
        panel.title = root || `Trace ${traceId.slice(0, 8)}`;
      },
    });
    if (spanId) connection.showTrace(spanId);
    this.panels.add(traceId, spanId ? { panel, connection, spanId } : { panel, connection });
    setWebviewHtml(panel.webview, this.extensionUri, 'trace', panel.title, traceId);
  }

  dispose(): void {
    this.panels.dispose();
  }
}
