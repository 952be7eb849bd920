// Entry point: builds the parts and registers everything disposable on the extension context.
import * as vscode from 'vscode';
import { CALL_DOCUMENT_SCHEME } from './call-document-uri';
import { CallSiteLenses } from './call-site-lens';
import { registerCommands } from './commands';
import { CompareService } from './compare-service';
import { CostFeed } from './cost-feed';
import { FeaturePanels, type PanelSpec } from './feature-panels';
import { goToSource } from './go-to-source';
import { GpuFeed } from './gpu-feed';
import { COMMANDS, OUTPUT_NAME, TRACES_VIEW } from './ids';
import { LiveState } from './live-state';
import { registerPanelSerializers } from './panel-restore';
import { ReceiverController } from './receiver-controller';
import { SECTION } from './settings';
import { StatusBar } from './status-bar';
import { TraceActions } from './trace-actions';
import { TracePanels, TracesViewProvider, ViewHub } from './views';
import { WarningNotifier, WarningsTree } from './warnings-view';
import type { HostServices } from './webview-connection';

let controller: ReceiverController | null = null;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(OUTPUT_NAME, { log: true });
  const info = (line: string): void => log.info(line);
  const live = new LiveState(info);
  const hub = new ViewHub();
  const status = new StatusBar();
  const receiver = new ReceiverController(context, log, live, hub, status);
  controller = receiver;
  const client = (): typeof receiver.manager.client => receiver.manager.client;
  const running = (): boolean => receiver.manager.state === 'listening' || receiver.manager.state === 'attached';
  const actions = new TraceActions(receiver.manager, live, hub, log);
  const panels = new TracePanels(context.extensionUri, hub);
  const featurePanels = new FeaturePanels(context.extensionUri, hub);
  const compare = new CompareService(client, featurePanels, hub, info);
  const viewPanel = (view: 'cost' | 'gpu'): PanelSpec =>
    view === 'cost'
      ? { key: 'cost', view: 'cost', title: 'LLM Costs', feed: (post) => new CostFeed({ client, sessionStartMs: () => sessionStart(receiver), log: info }, post) }
      : { key: 'gpu', view: 'gpu', title: 'GPU', feed: (post) => new GpuFeed({ client, historyMinutes: () => receiver.settings.gpu.historyMinutes, log: info }, post) };
  const openView = (view: 'cost' | 'gpu'): void => featurePanels.show(viewPanel(view));
  const showSource = (code: Parameters<typeof goToSource>[0]): Promise<boolean> => goToSource(code, info);
  const services: HostServices = {
    live,
    receiver: () => receiver.manager.info(),
    fetchTrace: (id) => client().trace(id),
    fetchGpu: (since) => client().gpu(since),
    listClient: () => client(),
    openTrace: (id, spanId) => panels.open(id, spanId, live.rows.get(id)?.rootName),
    clearAll: () => actions.clearAll(),
    exportTrace: (id) => actions.exportTrace(id),
    copy: (text, what) => actions.copy(text, what),
    runCommand: (command) => {
      const id = { 'start-receiver': COMMANDS.startReceiver, 'restart-receiver': COMMANDS.restartReceiver, 'pick-port': COMMANDS.pickPort, 'import-file': COMMANDS.importFile }[command];
      void vscode.commands.executeCommand(id);
    },
    compareCalls: (left, right) => compare.compareCalls(left, right),
    comparePrevious: (call) => compare.comparePrevious(call),
    compareTraces: (left, right) => compare.compareTraces(left, right),
    openNativeDiff: (left, right) => compare.openNativeDiff(left, right),
    comparePick: () => compare.currentPick(),
    setComparePick: (pick) => compare.setPick(pick),
    goToSource: async (code) => void (await showSource(code)),
    openView,
    log: info,
  };
  panels.bind(services);
  featurePanels.bind(services);
  const traces = new TracesViewProvider(context.extensionUri, services, hub);
  const warnings = new WarningsTree(live, (n) => traces.setWarningCount(n));
  const lenses = new CallSiteLenses({ client, running, enabled: () => receiver.settings.codeLens.enabled, live, log: info });
  context.subscriptions.push(
    log,
    status,
    panels,
    featurePanels,
    traces,
    warnings,
    lenses,
    new WarningNotifier(live, () => receiver.settings.notifications, info),
    vscode.window.registerWebviewViewProvider(TRACES_VIEW, traces),
    ...registerPanelSerializers({ traces: panels, features: featurePanels, compare, viewPanel, log: info }),
    vscode.workspace.registerTextDocumentContentProvider(CALL_DOCUMENT_SCHEME, compare),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.codeLens.enabled`)) lenses.refresh();
    }),
    ...registerCommands({ receiver, actions, panels, compare, openView, goToSource: showSource, log }),
    // deactivate() awaits the orderly stop; this covers a host that only disposes.
    { dispose: () => void receiver.dispose() },
  );
  log.info(`LLM Trace Lens ${context.extension.packageJSON.version as string} in VS Code ${vscode.version} (Node ${process.version})`);
  if (receiver.autoStart) void receiver.start();
  else log.info('llmTraceLens.receiver.autoStart is off: start the receiver with "LLM Trace Lens: Start Receiver"');
}

/** When the receiver in use started: the session of the cost dashboard. */
function sessionStart(receiver: ReceiverController): number | null {
  const started = receiver.manager.info().health?.startedAt;
  const ms = started ? Date.parse(started) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** Stops the receiver this window started, flushing it; when this never runs, the receiver exits with us. */
export async function deactivate(): Promise<void> {
  const c = controller;
  controller = null;
  await c?.dispose();
}
