// Warnings in the editor: the native "Warnings" tree (each item opens its subject), the active
// count as the sidebar's badge and in the tree's title, and notifications for newly raised warnings
// (rate-limited, muted by setting).
import * as vscode from 'vscode';
import type { Warning } from '../../receiver/src/contract/warnings';
import { COMMANDS, WARNINGS_VIEW } from './ids';
import type { LiveState } from './live-state';
import { SECTION } from './settings';
import { NoticeLimiter, noticeText, warningItemText, warningTarget, warningsToNotify, type Notice, type NotificationMode, type WarningTarget } from './warning-notices';

const ICON_COLOUR = { error: 'errorForeground', warning: 'editorWarning.foreground', info: 'editorInfo.foreground' } as const;

/** The command that opens what a warning is about. */
export function targetCommand(t: WarningTarget): vscode.Command {
  switch (t.kind) {
    case 'trace':
      return { title: 'Open the call', command: COMMANDS.openTrace, arguments: [t.traceId, t.spanId] };
    case 'gpu':
      return { title: 'Show the GPU panel', command: COMMANDS.showGpu };
    case 'cost':
      return { title: 'Show the cost dashboard', command: COMMANDS.showCostDashboard };
  }
}

export class WarningsTree implements vscode.TreeDataProvider<Warning>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Warning>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly live: LiveState,
    private readonly onCount: (count: number) => void,
  ) {
    this.view = vscode.window.createTreeView(WARNINGS_VIEW, { treeDataProvider: this, showCollapseAll: false });
    this.disposables.push(
      this.changed,
      this.view,
      live.onChange((c) => {
        if (c.type === 'warnings' || c.type === 'reset' || c.type === 'connection') this.update();
      }),
    );
    this.update();
  }

  getChildren(element?: Warning): Warning[] {
    return element ? [] : this.live.activeWarnings();
  }

  getTreeItem(w: Warning): vscode.TreeItem {
    const t = warningItemText(w);
    const item = new vscode.TreeItem(t.label, vscode.TreeItemCollapsibleState.None);
    item.id = w.id;
    item.description = t.description;
    item.tooltip = t.tooltip;
    item.iconPath = new vscode.ThemeIcon(t.icon, new vscode.ThemeColor(ICON_COLOUR[t.icon]));
    // Lets the manifest offer "Go to Source" on call warnings only.
    item.contextValue = `warning-${w.subject.kind}`;
    item.command = targetCommand(warningTarget(w));
    return item;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  private update(): void {
    const n = this.live.warnings.size;
    // The container's badge adds up its views' badges: the count is the traces view's badge
    // (see onCount), and here the view's description, so one warning never reads as two.
    this.view.description = n ? `${n} active` : undefined;
    this.view.message = this.live.connected || n ? undefined : 'Not connected to the receiver.';
    this.onCount(n);
    this.changed.fire();
  }
}

/** Notifications for newly raised warnings: at most one per 10 s, the rest collapsed. */
export class WarningNotifier implements vscode.Disposable {
  private readonly limiter = new NoticeLimiter();
  private timer: NodeJS.Timeout | null = null;
  private readonly subscription: { dispose(): void };

  constructor(
    live: LiveState,
    private readonly mode: () => NotificationMode,
    private readonly log: (line: string) => void,
  ) {
    this.subscription = live.onChange((c) => {
      if (c.type !== 'warnings') return;
      this.limiter.forget(c.changes.filter((x) => x.change === 'cleared').map((x) => x.warning.id));
      this.show(this.limiter.offer(warningsToNotify(c.changes, this.mode()), Date.now()));
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
  }

  private show(notice: Notice | null): void {
    if (notice) void this.notify(notice);
    const due = this.limiter.dueAt();
    if (due === null || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // The mode may have changed while they waited.
      this.show(this.mode() === 'off' ? null : this.limiter.take(Date.now()));
    }, Math.max(0, due - Date.now()));
  }

  private async notify(n: Notice): Promise<void> {
    const { severity, text } = noticeText(n);
    this.log(`notification: ${text}`);
    const show = n.kind === 'warning' ? 'Show' : 'Show Warnings';
    const actions = [show, 'Mute'];
    const pick =
      severity === 'error'
        ? await vscode.window.showErrorMessage(text, ...actions)
        : severity === 'warning'
          ? await vscode.window.showWarningMessage(text, ...actions)
          : await vscode.window.showInformationMessage(text, ...actions);
    if (pick === 'Mute') {
      await vscode.workspace.getConfiguration(SECTION).update('warnings.notifications', 'off', vscode.ConfigurationTarget.Global);
      void vscode.window.showInformationMessage(`LLM Trace Lens: warning notifications are off (setting ${SECTION}.warnings.notifications); the Warnings view still lists them.`);
    } else if (pick === show) {
      const c: vscode.Command = n.kind === 'warning' ? targetCommand(warningTarget(n.warning)) : { title: 'Show warnings', command: COMMANDS.showWarnings };
      void vscode.commands.executeCommand(c.command, ...(c.arguments ?? []));
    }
  }
}
