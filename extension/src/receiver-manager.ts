// Owns the receiver's life for one window: attach to a receiver already on the port, or fork the
// bundled one and keep it running (restarts with backoff), or report the port busy. The child is
// tied to this extension host by its IPC channel (`--exit-with-parent`), because deactivate() is
// not guaranteed to run. Plain Node (no vscode), so it is tested against real processes.
import { fork, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import type { HealthResponse } from '../../receiver/src/contract/api';
import { ReceiverClient } from '../../receiver/src/contract/client';
import type { ReceiverInfo } from '../../webview/src/protocol';
import { DEFAULT_BACKOFF, RestartBackoff, type BackoffOptions } from './backoff';
import { decideStart, probePort } from './port-probe';

export type ReceiverState = ReceiverInfo['state'];

/** What to run and where it listens; built from the settings. */
export interface ReceiverLaunch {
  host: string;
  port: number;
  httpEndpoint: string;
  grpcEndpoint: string | null;
  /** Arguments after the CLI path (`serve ...`). */
  args: string[];
}

export interface ManagerOptions {
  cliPath: string;
  /** The Node to run it with: process.execPath (Electron in desktop VS Code, run as Node). */
  execPath: string;
  log: (line: string) => void;
  backoff?: BackoffOptions;
  /** How often an attached window checks that the other receiver is still there. */
  watchMs?: number;
  readyTimeoutMs?: number;
}

const STDERR_LINES = 20;
// Exit codes of `llm-trace-lens serve` (receiver/src/cli.ts).
const EXIT_USAGE = 2;
const EXIT_PORT_BUSY = 3;
const EXIT_DATA_LOCKED = 4;

export class ReceiverManager {
  private stateValue: ReceiverState = 'stopped';
  private detailValue: string | undefined;
  private healthValue: HealthResponse | undefined;
  private child: ChildProcess | null = null;
  private childStartedAt = 0;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private readonly stderrTail: string[] = [];
  private readonly backoff: RestartBackoff;
  private readonly listeners = new Set<() => void>();
  private starting: Promise<void> | null = null;
  private disposed = false;

  constructor(
    private launch: ReceiverLaunch,
    private readonly options: ManagerOptions,
  ) {
    this.backoff = new RestartBackoff(options.backoff ?? DEFAULT_BACKOFF);
  }

  get state(): ReceiverState {
    return this.stateValue;
  }

  /** True while this window's own child process is the receiver. */
  get owned(): boolean {
    return this.child !== null;
  }

  get client(): ReceiverClient {
    return new ReceiverClient(this.launch.httpEndpoint);
  }

  get config(): ReceiverLaunch {
    return this.launch;
  }

  info(): ReceiverInfo {
    const grpcPort = this.healthValue?.ports.grpc;
    const grpcEndpoint =
      this.healthValue && (this.stateValue === 'listening' || this.stateValue === 'attached')
        ? grpcPort === null || grpcPort === undefined
          ? null
          : this.launch.httpEndpoint.replace(/:\d+$/, `:${grpcPort}`)
        : this.launch.grpcEndpoint;
    return {
      state: this.stateValue,
      httpEndpoint: this.launch.httpEndpoint,
      grpcEndpoint,
      ...(this.detailValue !== undefined ? { detail: this.detailValue } : {}),
      ...(this.healthValue ? { health: this.healthValue } : {}),
    };
  }

  /** The receiver's last stderr lines (shown when it failed). */
  lastErrors(): string[] {
    return [...this.stderrTail];
  }

  onChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Attach or spawn; resolves once the state is settled (listening, attached, port-busy or error). */
  start(): Promise<void> {
    this.starting ??= this.doStart().finally(() => (this.starting = null));
    return this.starting;
  }

  /** Stops the owned receiver (flushing), or detaches from another window's. */
  async stop(detail = 'stopped'): Promise<void> {
    this.clearTimers();
    await this.stopChild();
    this.healthValue = undefined;
    this.set('stopped', detail);
  }

  async restart(): Promise<void> {
    await this.stop('restarting');
    this.backoff.reset();
    await this.start();
  }

  /**
   * New settings. An owned receiver restarts when its command line changed; an attached window
   * re-attaches only when the port changed (the other window's receiver keeps its own settings).
   */
  async update(next: ReceiverLaunch): Promise<'restarted' | 'attached' | 'unchanged'> {
    const prev = this.launch;
    this.launch = next;
    const sameArgs = prev.args.join('\0') === next.args.join('\0');
    if (this.stateValue === 'attached' && prev.port === next.port && prev.host === next.host) return sameArgs ? 'unchanged' : 'attached';
    if (sameArgs && this.stateValue !== 'port-busy') return 'unchanged';
    if (this.stateValue === 'stopped') return 'unchanged';
    await this.restart();
    return 'restarted';
  }

  /** Ends everything this window started; the owned receiver flushes before it exits. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.clearTimers();
    await this.stopChild();
    this.listeners.clear();
  }

  private async doStart(): Promise<void> {
    this.clearTimers();
    if (this.child) return;
    this.set('starting', `looking for a receiver on ${this.launch.httpEndpoint}`);
    const probe = await probePort(this.launch.host, this.launch.port);
    if (this.disposed) return;
    switch (decideStart(probe)) {
      case 'attach':
        if (probe.kind !== 'receiver') return;
        this.healthValue = probe.health;
        this.options.log(`attached to the receiver on ${this.launch.httpEndpoint} (pid ${probe.health.pid}, data ${probe.health.dataDir})`);
        this.set('attached', `using the receiver of another window or process (pid ${probe.health.pid})`);
        this.watchAttached();
        return;
      case 'port-busy':
        this.healthValue = undefined;
        this.options.log(`not starting the receiver: ${probe.kind === 'foreign' ? probe.detail : 'port busy'}`);
        this.set('port-busy', `${probe.kind === 'foreign' ? probe.detail : `port ${this.launch.port} is busy`}; pick another port`);
        return;
      case 'spawn':
        await this.spawn();
    }
  }

  private async spawn(): Promise<void> {
    const { cliPath, execPath, log } = this.options;
    log(`starting: ${execPath} ${cliPath} ${this.launch.args.map(quoteArg).join(' ')}`);
    this.set('starting', `starting the receiver on ${this.launch.httpEndpoint}`);
    this.stderrTail.length = 0;
    const child = fork(cliPath, this.launch.args, {
      execPath,
      // Desktop VS Code's execPath is Electron: make it behave as Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    this.childStartedAt = Date.now();
    this.stopping = false;
    const ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.options.readyTimeoutMs ?? 30_000);
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        log(`receiver: ${line}`);
        if (line === 'ready') {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      log(`receiver: ${line}`);
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_LINES) this.stderrTail.shift();
    });
    child.on('error', (err) => log(`receiver process error: ${err.message}`));
    const exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        void this.onExit(child, code, signal).finally(resolve);
      }),
    );
    if (await ready) {
      try {
        this.healthValue = await this.client.health(AbortSignal.timeout(5000));
      } catch (err) {
        log(`health check after start failed: ${(err as Error).message}`);
      }
      log(`receiver listening on ${this.launch.httpEndpoint} (pid ${child.pid})`);
      this.set('listening', undefined);
      return;
    }
    if (child.exitCode === null && child.signalCode === null) {
      log('receiver did not report ready in time; stopping it');
      child.kill('SIGKILL');
    }
    // The exit handler settles the state (restart, attach, port-busy or error).
    await exited;
  }

  private async onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (this.child !== child) return;
    this.child = null;
    this.healthValue = undefined;
    const ranMs = Date.now() - this.childStartedAt;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (this.stopping || this.disposed) {
      this.options.log(`receiver stopped (${how})`);
      return;
    }
    // The CLI's own message ("llm-trace-lens: ...") says why; a usage hint may follow it.
    const own = this.stderrTail.filter((l) => l.startsWith('llm-trace-lens: ')).at(-1);
    const last = (own ?? this.stderrTail.at(-1) ?? '').replace(/^llm-trace-lens: /, '');
    this.options.log(`receiver exited unexpectedly (${how})`);
    if (code === EXIT_PORT_BUSY) {
      // Another window may have won the race for the port: attach to it, or report who holds it.
      const probe = await probePort(this.launch.host, this.launch.port);
      if (probe.kind === 'receiver') return this.start();
      this.set('port-busy', last || `port ${this.launch.port} is busy`);
      return;
    }
    if (code === EXIT_USAGE || code === EXIT_DATA_LOCKED) {
      for (const line of this.stderrTail) this.options.log(`  ${line}`);
      this.set('error', last || `the receiver refused to start (${how})`);
      return;
    }
    const delay = this.backoff.next(ranMs);
    if (delay === null) {
      this.options.log(`giving up after ${this.backoff.attempts} restarts; last receiver output:`);
      for (const line of this.stderrTail) this.options.log(`  ${line}`);
      this.set('error', `the receiver keeps exiting (${how})${last ? `: ${last}` : ''}`);
      return;
    }
    this.options.log(`restarting the receiver in ${delay} ms (attempt ${this.backoff.attempts})`);
    this.set('starting', `the receiver exited (${how}); restarting`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.start();
    }, delay);
  }

  /** While attached: when the other receiver goes away, this window takes over. */
  private watchAttached(): void {
    const check = async (): Promise<void> => {
      this.watchTimer = null;
      if (this.stateValue !== 'attached' || this.disposed) return;
      const probe = await probePort(this.launch.host, this.launch.port);
      if (this.stateValue !== 'attached' || this.disposed) return;
      if (probe.kind === 'receiver') {
        this.healthValue = probe.health;
        this.watchTimer = setTimeout(() => void check(), this.options.watchMs ?? 3000);
        return;
      }
      this.options.log('the receiver this window used went away; taking over');
      await this.start();
    };
    this.watchTimer = setTimeout(() => void check(), this.options.watchMs ?? 3000);
  }

  /** Disconnecting the IPC channel makes the receiver flush and exit (--exit-with-parent), on every OS. */
  private async stopChild(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    this.options.log(`stopping the receiver (pid ${child.pid})`);
    if (child.connected) child.disconnect();
    else child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
    this.child = null;
  }

  private clearTimers(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.restartTimer = this.watchTimer = null;
  }

  private set(state: ReceiverState, detail: string | undefined): void {
    this.stateValue = state;
    this.detailValue = detail;
    for (const l of this.listeners) l();
  }
}

function quoteArg(a: string): string {
  return /^[\w./:=,@-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
