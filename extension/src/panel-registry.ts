// The open editor panels of one kind, by reuse key: each panel's connection is known to the hub
// (so broadcasts reach it) for exactly as long as the panel lives.
import type * as vscode from 'vscode';
import type { ViewHub } from './views';
import type { WebviewConnection } from './webview-connection';

export interface OpenPanel {
  panel: vscode.WebviewPanel;
  connection: WebviewConnection;
}

export class PanelRegistry<T extends OpenPanel> implements vscode.Disposable {
  private readonly open = new Map<string, T>();

  constructor(private readonly hub: ViewHub) {}

  get(key: string): T | undefined {
    return this.open.get(key);
  }

  has(key: string): boolean {
    return this.open.has(key);
  }

  entries(): IterableIterator<[string, T]> {
    return this.open.entries();
  }

  add(key: string, entry: T): void {
    this.open.set(key, entry);
    this.hub.connections.add(entry.connection);
    entry.panel.onDidDispose(() => {
      this.open.delete(key);
      this.hub.connections.delete(entry.connection);
      entry.connection.dispose();
    });
  }

  dispose(): void {
    for (const p of [...this.open.values()]) p.panel.dispose();
  }
}
