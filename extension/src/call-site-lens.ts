// CodeLens and hover at the lines of the workspace where the app made LLM calls (from the
// spans' code.* attributes or stack traces, via /api/call-sites): the latest call's latency,
// tokens and cost, a click opens it; the hover shows its last prompt and response as plain text.
import * as vscode from 'vscode';
import type { CallSite } from '../../receiver/src/contract/api';
import type { ReceiverClient } from '../../receiver/src/contract/client';
import { hoverContent, lensTitle, writeHover } from './call-site-text';
import { CALL_SITE_LANGUAGES, COMMANDS } from './ids';
import type { LiveState } from './live-state';

const REFRESH_MS = 1000;

export interface CallSiteDeps {
  client(): ReceiverClient;
  running(): boolean;
  enabled(): boolean;
  live: LiveState;
  log(line: string): void;
}

export class CallSiteLenses implements vscode.CodeLensProvider, vscode.HoverProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** The sites last reported for each open document, by line (1-based), for the hover. */
  private readonly sites = new Map<string, Map<number, CallSite>>();
  private timer: NodeJS.Timeout | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: CallSiteDeps) {
    const selector = CALL_SITE_LANGUAGES.map((language) => ({ language }));
    this.disposables.push(
      this.changed,
      vscode.languages.registerCodeLensProvider(selector, this),
      vscode.languages.registerHoverProvider(selector, this),
      deps.live.onChange((c) => {
        if (c.type === 'traces' || c.type === 'traces-removed' || c.type === 'reset' || c.type === 'connection') this.scheduleRefresh();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.sites.delete(d.uri.toString())),
    );
  }

  /** Lenses again (after a setting changed). */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const key = document.uri.toString();
    if (!this.deps.enabled() || !this.deps.running() || document.uri.scheme !== 'file') {
      this.sites.delete(key);
      return [];
    }
    let sites: CallSite[];
    try {
      sites = (await this.deps.client().callSites(vscode.workspace.asRelativePath(document.uri, false), 1)).sites;
    } catch (err) {
      this.deps.log(`call sites of ${document.uri.fsPath} not loaded: ${(err as Error).message}`);
      return [];
    }
    if (token.isCancellationRequested) return [];
    const byLine = new Map<number, CallSite>();
    for (const s of sites) {
      if (s.lineno === undefined || s.lineno < 1 || s.lineno > document.lineCount) continue;
      // Two reported paths can end the same way: the busier site on a line wins.
      const other = byLine.get(s.lineno);
      if (!other || other.count < s.count) byLine.set(s.lineno, s);
    }
    this.sites.set(key, byLine);
    return [...byLine.values()].map((s) => {
      const line = document.lineAt(s.lineno! - 1);
      const range = new vscode.Range(line.lineNumber, line.firstNonWhitespaceCharacterIndex, line.lineNumber, line.firstNonWhitespaceCharacterIndex);
      const last = s.latest[0];
      return new vscode.CodeLens(range, {
        title: lensTitle(s),
        tooltip: 'Open the latest LLM call made here',
        command: last ? COMMANDS.openTrace : '',
        arguments: last ? [last.traceId, last.spanId] : [],
      });
    });
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | null> {
    const site = this.sites.get(document.uri.toString())?.get(position.line + 1);
    const last = site?.latest[0];
    if (!last || !this.deps.running()) return null;
    let detail;
    try {
      detail = await this.deps.client().trace(last.traceId);
    } catch (err) {
      this.deps.log(`hover: trace ${last.traceId} not loaded: ${(err as Error).message}`);
      return null;
    }
    const call = detail.spans.find((s) => s.spanId === last.spanId)?.llm;
    if (!call || token.isCancellationRequested) return null;
    // Trace text enters only through appendText; the one link is to our own command.
    const md = new vscode.MarkdownString('', false);
    md.supportHtml = false;
    md.isTrusted = { enabledCommands: [COMMANDS.openTrace] };
    writeHover(md, hoverContent(call), { command: COMMANDS.openTrace, traceId: last.traceId, spanId: last.spanId });
    const line = document.lineAt(position.line);
    return new vscode.Hover(md, line.range);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.disposables.forEach((d) => d.dispose());
  }

  private scheduleRefresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.changed.fire();
    }, REFRESH_MS);
  }
}
