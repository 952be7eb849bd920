// The status bar item: receiver state, stored traces, active warnings; a click opens the sidebar.
import * as vscode from 'vscode';
import type { ReceiverInfo } from '../../webview/src/protocol';
import { COMMANDS } from './ids';
import { statusView } from './status-text';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('llmTraceLens.status', vscode.StatusBarAlignment.Left, 100);

  constructor() {
    this.item.name = 'LLM Trace Lens';
    this.item.command = COMMANDS.showTraces;
    this.item.show();
  }

  update(receiver: ReceiverInfo, traceCount: number, warningCount: number): void {
    const v = statusView(receiver, traceCount, warningCount);
    this.item.text = v.text;
    this.item.tooltip = v.tooltip;
    this.item.backgroundColor = v.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
