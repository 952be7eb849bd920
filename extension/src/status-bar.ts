// The status bar item: receiver state, stored traces, active warnings (warning or error colour
// while any are active); a click opens the sidebar, or the warnings when there are some.
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

  update(receiver: ReceiverInfo, traceCount: number, warningCount: number, errorCount: number): void {
    const v = statusView(receiver, traceCount, warningCount, errorCount);
    this.item.text = v.text;
    this.item.tooltip = v.tooltip;
    this.item.command = v.warning ? COMMANDS.showWarnings : COMMANDS.showTraces;
    this.item.backgroundColor = v.error
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : v.warning
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
