// The cost dashboard's data: /api/cost for the chosen range, reloaded (debounced) as traces
// arrive, and the range's calls saved as CSV.
import * as vscode from 'vscode';
import type { ReceiverClient } from '../../receiver/src/contract/client';
import type { LlmCallRow } from '../../receiver/src/contract/model';
import { costRangeQuery } from '../../webview/src/cost/cost-range';
import { costCsv, isCostedCall } from '../../webview/src/cost/csv';
import type { CostRange, HostToWebview } from '../../webview/src/protocol';
import type { LiveChange } from './live-state';
import type { ViewFeed } from './webview-connection';

const RELOAD_MS = 1000;
const PAGE = 1000;

export interface CostFeedDeps {
  client(): ReceiverClient;
  /** When this receiver run started (health.startedAt), if known. */
  sessionStartMs(): number | null;
  log(line: string): void;
}

export class CostFeed implements ViewFeed {
  private range: CostRange = 'session';
  private timer: NodeJS.Timeout | null = null;
  private sessionStart: number | null = null;

  constructor(
    private readonly deps: CostFeedDeps,
    private readonly post: (m: HostToWebview) => void,
  ) {}

  start(): void {
    void this.load();
  }

  onLive(c: LiveChange): void {
    if (c.type !== 'traces' && c.type !== 'traces-removed') return;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.load();
    }, RELOAD_MS);
  }

  onMessage(m: Parameters<NonNullable<ViewFeed['onMessage']>>[0]): boolean {
    if (m.type === 'cost-range') {
      this.range = m.range;
      void this.load();
      return true;
    }
    if (m.type === 'export-cost-csv') {
      void this.exportCsv(m.range);
      return true;
    }
    return false;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private async sessionStartMs(): Promise<number> {
    this.sessionStart = this.deps.sessionStartMs() ?? this.sessionStart;
    if (this.sessionStart === null) this.sessionStart = Date.parse((await this.deps.client().health()).startedAt);
    return this.sessionStart;
  }

  private async load(): Promise<void> {
    const range = this.range;
    try {
      const report = await this.deps.client().cost(costRangeQuery(range, Date.now(), await this.sessionStartMs()));
      this.sessionStart = report.session.startedMs;
      // A range picked while this loaded wins.
      if (range === this.range) this.post({ type: 'cost', range, report });
    } catch (err) {
      this.deps.log(`cost report not loaded: ${(err as Error).message}`);
    }
  }

  private async exportCsv(range: CostRange): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()), `llm-costs-${range}.csv`),
      filters: { CSV: ['csv'] },
      title: 'Export LLM calls and costs as CSV',
    });
    if (!target) return;
    try {
      const rows = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Exporting LLM calls as CSV', cancellable: true },
        async (progress, token) => {
          const q = costRangeQuery(range, Date.now(), await this.sessionStartMs());
          const out: LlmCallRow[] = [];
          let cursor: string | undefined;
          do {
            const page = await this.deps.client().llmCalls({ ...q, limit: PAGE, ...(cursor ? { cursor } : {}) });
            out.push(...page.calls.filter(isCostedCall));
            cursor = page.nextCursor ?? undefined;
            progress.report({ message: `${out.length} calls` });
          } while (cursor && !token.isCancellationRequested);
          return token.isCancellationRequested ? null : out;
        },
      );
      if (!rows) return;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(costCsv(rows)));
      this.deps.log(`exported ${rows.length} calls (${range}) to ${target.fsPath}`);
      void vscode.window.showInformationMessage(`LLM Trace Lens: ${rows.length} calls saved to ${target.fsPath}.`);
    } catch (err) {
      const message = (err as Error).message;
      this.deps.log(`CSV export failed: ${message}`);
      void vscode.window.showErrorMessage(`LLM Trace Lens: the CSV export failed: ${message}`);
    }
  }
}
