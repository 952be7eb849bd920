// What both the commands and the webviews do with traces: clear, import, export, copy.
import * as vscode from 'vscode';
import type { LiveState } from './live-state';
import { importOtlpFile } from './otlp-import';
import type { ReceiverManager } from './receiver-manager';
import type { ViewHub } from './views';

export class TraceActions {
  constructor(
    private readonly manager: ReceiverManager,
    private readonly live: LiveState,
    private readonly hub: ViewHub,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private running(): boolean {
    const state = this.manager.state;
    if (state === 'listening' || state === 'attached') return true;
    void vscode.window.showWarningMessage('LLM Trace Lens: the receiver is not running; start it first.', 'Start receiver').then((pick) => {
      if (pick) void this.manager.start();
    });
    return false;
  }

  async clearAll(): Promise<void> {
    if (!this.running()) return;
    const ok = await vscode.window.showWarningMessage(
      'Delete every stored trace, log and metric?',
      { modal: true, detail: `This clears the store of the receiver at ${this.manager.config.httpEndpoint}; it cannot be undone.` },
      'Delete all',
    );
    if (ok !== 'Delete all') return;
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Clearing all traces' }, () => this.manager.client.clear());
      this.live.cleared();
      this.hub.broadcast({ type: 'traces-cleared' });
      this.log.info('cleared all traces');
    } catch (err) {
      this.fail('clearing the traces failed', err);
    }
  }

  async importFile(): Promise<void> {
    if (!this.running()) return;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Import',
      title: 'Import OTLP/JSON (one export request per line, or one document)',
      filters: { 'OTLP/JSON': ['json', 'jsonl', 'ndjson'], 'All files': ['*'] },
    });
    const file = picked?.[0];
    if (!file) return;
    const client = this.manager.client;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Importing ${file.path.split('/').pop() ?? ''}`, cancellable: true },
        async (progress, token) => {
          let lastPct = 0;
          return importOtlpFile(
            file.fsPath,
            (signal, body) => client.postOtlpJson(signal, body),
            (p) => {
              const pct = p.totalBytes ? Math.floor((p.bytesRead / p.totalBytes) * 100) : 0;
              progress.report({ increment: pct - lastPct, message: `${p.documents} documents, ${p.lines} lines, ${formatBytes(p.bytesRead)} of ${formatBytes(p.totalBytes)}` });
              lastPct = pct;
            },
            () => token.isCancellationRequested,
          );
        },
      );
      const { traces, logs, metrics } = result.sent;
      const text = `imported ${traces} trace, ${logs} log and ${metrics} metric documents${result.skipped ? `, skipped ${result.skipped} that were not OTLP` : ''}${result.cancelled ? ' (cancelled)' : ''}`;
      this.log.info(`${file.fsPath}: ${text}`);
      void vscode.window.showInformationMessage(`LLM Trace Lens: ${text}.`);
    } catch (err) {
      this.fail(`importing ${file.fsPath} failed`, err);
    }
  }

  async exportTrace(traceId: string): Promise<void> {
    if (!this.running()) return;
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()), `trace-${traceId}.json`),
      filters: { 'OTLP/JSON': ['json'] },
      title: 'Export trace as OTLP/JSON',
    });
    if (!target) return;
    try {
      const json = await this.manager.client.traceOtlp(traceId);
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(json.endsWith('\n') ? json : `${json}\n`));
      this.log.info(`exported trace ${traceId} to ${target.fsPath}`);
      void vscode.window.showInformationMessage(`LLM Trace Lens: trace saved to ${target.fsPath}.`);
    } catch (err) {
      this.fail(`exporting trace ${traceId} failed`, err);
    }
  }

  async copy(text: string, what: string): Promise<void> {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(`Copied ${what}.`);
  }

  private fail(what: string, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.log.error(`${what}: ${message}`);
    void vscode.window.showErrorMessage(`LLM Trace Lens: ${what}: ${message}`);
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
