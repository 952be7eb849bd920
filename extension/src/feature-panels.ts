// Editor panels other than traces: one per comparison pair, one cost dashboard, one GPU panel.
// Each is a webview of the same bundle, told what to draw by `data-*` attributes, with a feed
// that loads its data; asking again for an open one brings it to the front and refreshes it.
import * as vscode from 'vscode';
import type { ViewKind } from '../../webview/src/protocol';
import { FEATURE_PANEL } from './ids';
import type { ViewHub } from './views';
import { PanelRegistry, type OpenPanel } from './panel-registry';
import { WebviewConnection, type ConnectionOptions, type HostServices } from './webview-connection';
import { setWebviewHtml, webviewOptions } from './webview-setup';

export interface PanelSpec {
  /** Reuse key: "cost", "gpu", "calls:T/S:T/S", "traces:T:T". */
  key: string;
  view: Extract<ViewKind, 'compare' | 'cost' | 'gpu'>;
  title: string;
  data?: Record<string, string>;
  feed: NonNullable<ConnectionOptions['feed']>;
}

export class FeaturePanels implements vscode.Disposable {
  private readonly panels: PanelRegistry<OpenPanel>;
  private services: HostServices | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    hub: ViewHub,
  ) {
    this.panels = new PanelRegistry(hub);
  }

  bind(services: HostServices): void {
    this.services = services;
  }

  show(spec: PanelSpec): void {
    const open = this.panels.get(spec.key);
    if (open) {
      open.panel.reveal();
      open.connection.refresh();
      return;
    }
    if (!this.services) return;
    const panel = vscode.window.createWebviewPanel(FEATURE_PANEL[spec.view], spec.title, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    this.attach(panel, spec);
  }

  /** A panel VS Code brought back after a window reload, showing what `spec` describes. */
  restore(panel: vscode.WebviewPanel, spec: PanelSpec): void {
    // Two restored panels of one comparison, or one opened before the restore: keep the one in place.
    if (this.panels.has(spec.key) || !this.services) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.title = spec.title;
    this.attach(panel, spec);
  }

  private attach(panel: vscode.WebviewPanel, spec: PanelSpec): void {
    if (!this.services) return;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'extension', 'media', 'trace.svg');
    const connection = new WebviewConnection(panel.webview, spec.view, this.services, { feed: spec.feed });
    this.panels.add(spec.key, { panel, connection });
    setWebviewHtml(panel.webview, this.extensionUri, spec.view, spec.title, undefined, spec.data);
  }

  dispose(): void {
    this.panels.dispose();
  }
}
