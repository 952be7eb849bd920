// Connects the receiver manager to the editor: settings in, state out (status bar, views, event
// stream, terminal environment), progress while starting, and a notification only when the user
// has something to do (port busy, receiver failing).
import { mkdirSync } from 'node:fs';
import * as vscode from 'vscode';
import { COMMANDS } from './ids';
import type { LiveState } from './live-state';
import { ReceiverManager, type ReceiverState } from './receiver-manager';
import { RECEIVER_SETTING_KEYS, SECTION, httpEndpoint, readSettings, receiverLaunch, type Settings } from './settings';
import type { StatusBar } from './status-bar';
import { updateTerminalEnvironment } from './terminal-env';
import type { ViewHub } from './views';

export class ReceiverController implements vscode.Disposable {
  readonly manager: ReceiverManager;
  private current: Settings;
  private followedBase: string | null = null;
  private lastState: ReceiverState = 'stopped';
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly live: LiveState,
    private readonly hub: ViewHub,
    private readonly status: StatusBar,
  ) {
    this.current = this.readSettings();
    this.manager = new ReceiverManager(receiverLaunch(this.current, this.dataDir()), {
      cliPath: context.asAbsolutePath('dist/receiver/cli.cjs'),
      execPath: process.execPath,
      log: (line) => log.info(line),
    });
    this.disposables.push(
      this.manager.onChange(() => this.onState()),
      live.onChange(() => this.refreshStatus()),
      vscode.workspace.onDidChangeConfiguration((e) => void this.onConfiguration(e)),
    );
    this.applyTerminal();
    this.refreshStatus();
  }

  get settings(): Settings {
    return this.current;
  }

  get autoStart(): boolean {
    return this.current.receiver.autoStart;
  }

  async start(): Promise<void> {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Starting the LLM Trace Lens receiver' },
      () => this.manager.start(),
    );
  }

  async restart(): Promise<void> {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Restarting the LLM Trace Lens receiver' },
      () => this.manager.restart(),
    );
  }

  async stop(): Promise<void> {
    await this.manager.stop();
  }

  async dispose(): Promise<void> {
    this.disposables.forEach((d) => d.dispose());
    this.live.disconnect();
    // Only a receiver this window started is stopped; an attached one belongs to someone else.
    await this.manager.dispose();
  }

  private readSettings(): Settings {
    const config = vscode.workspace.getConfiguration(SECTION);
    const { settings, problems } = readSettings((key) => config.get(key));
    for (const p of problems) this.log.warn(`setting ignored: ${p}`);
    if (problems.length) void vscode.window.showWarningMessage(`LLM Trace Lens: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more, see the output)` : ''}`);
    return settings;
  }

  private dataDir(): string {
    const dir = this.current.receiver.dataDir || this.context.globalStorageUri.fsPath;
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  private async onConfiguration(e: vscode.ConfigurationChangeEvent): Promise<void> {
    if (!e.affectsConfiguration(SECTION)) return;
    this.current = this.readSettings();
    this.applyTerminal();
    if (!RECEIVER_SETTING_KEYS.some((k) => e.affectsConfiguration(`${SECTION}.${k}`))) return;
    this.log.info('receiver settings changed');
    const outcome = await this.manager.update(receiverLaunch(this.current, this.dataDir()));
    this.applyTerminal();
    if (outcome === 'attached') {
      void vscode.window.showInformationMessage(
        "LLM Trace Lens: this window uses another window's receiver; the new settings apply when the window that started it restarts its receiver.",
      );
    }
  }

  private applyTerminal(): void {
    updateTerminalEnvironment(this.context.environmentVariableCollection, this.current.terminal.injectEnvironment, httpEndpoint(this.current));
  }

  private onState(): void {
    const state = this.manager.state;
    const running = state === 'listening' || state === 'attached';
    const base = this.manager.client.base;
    if (running && this.followedBase !== base) {
      this.followedBase = base;
      this.live.connect(this.manager.client);
    } else if (!running && state !== 'starting' && this.followedBase) {
      this.followedBase = null;
      this.live.disconnect();
    }
    this.hub.receiverChanged();
    this.refreshStatus();
    if (state !== this.lastState) this.notify(state);
    this.lastState = state;
  }

  private notify(state: ReceiverState): void {
    const detail = this.manager.info().detail ?? '';
    if (state === 'port-busy') {
      void vscode.window.showWarningMessage(`LLM Trace Lens: ${detail}`, 'Pick another port', 'Show output').then((pick) => {
        if (pick === 'Pick another port') void vscode.commands.executeCommand(COMMANDS.pickPort);
        if (pick === 'Show output') this.log.show(true);
      });
    } else if (state === 'error') {
      void vscode.window.showErrorMessage(`LLM Trace Lens: ${detail}`, 'Show output', 'Restart').then((pick) => {
        if (pick === 'Show output') this.log.show(true);
        if (pick === 'Restart') void this.restart();
      });
    }
  }

  private refreshStatus(): void {
    const errors = [...this.live.warnings.values()].filter((w) => w.severity === 'error').length;
    this.status.update(this.manager.info(), this.live.traceCount, this.live.warnings.size, errors);
  }
}
