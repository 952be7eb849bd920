// Entry point: builds the parts and registers everything disposable on the extension context.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { COMMANDS, OUTPUT_NAME, TRACES_VIEW } from './ids';
import { LiveState } from './live-state';
import { ReceiverController } from './receiver-controller';
import { StatusBar } from './status-bar';
import { TraceActions } from './trace-actions';
import { TracePanels, TracesViewProvider, ViewHub } from './views';
import type { HostServices } from './webview-connection';

let controller: ReceiverController | null = null;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(OUTPUT_NAME, { log: true });
  const live = new LiveState((line) => log.info(line));
  const hub = new ViewHub();
  const status = new StatusBar();
  const receiver = new ReceiverController(context, log, live, hub, status);
  controller = receiver;
  const actions = new TraceActions(receiver.manager, live, hub, log);
  const panels = new TracePanels(context.extensionUri, hub);
  const services: HostServices = {
    live,
    receiver: () => receiver.manager.info(),
    fetchTrace: (id) => receiver.manager.client.trace(id),
    openTrace: (id, spanId) => panels.open(id, spanId, live.rows.get(id)?.rootName),
    clearAll: () => actions.clearAll(),
    exportTrace: (id) => actions.exportTrace(id),
    copy: (text, what) => actions.copy(text, what),
    runCommand: (command) => {
      const id = { 'start-receiver': COMMANDS.startReceiver, 'restart-receiver': COMMANDS.restartReceiver, 'pick-port': COMMANDS.pickPort, 'import-file': COMMANDS.importFile }[command];
      void vscode.commands.executeCommand(id);
    },
    log: (line) => log.info(line),
  };
  panels.bind(services);
  const traces = new TracesViewProvider(context.extensionUri, services, hub);
  context.subscriptions.push(
    log,
    status,
    panels,
    traces,
    vscode.window.registerWebviewViewProvider(TRACES_VIEW, traces),
    ...registerCommands({ receiver, actions, panels, log }),
    // deactivate() awaits the orderly stop; this covers a host that only disposes.
    { dispose: () => void receiver.dispose() },
  );
  log.info(`LLM Trace Lens ${context.extension.packageJSON.version as string} in VS Code ${vscode.version} (Node ${process.version})`);
  if (receiver.autoStart) void receiver.start();
  else log.info('llmTraceLens.receiver.autoStart is off: start the receiver with "LLM Trace Lens: Start Receiver"');
}

/** Stops the receiver this window started, flushing it; when this never runs, the receiver exits with us. */
export async function deactivate(): Promise<void> {
  const c = controller;
  controller = null;
  await c?.dispose();
}
