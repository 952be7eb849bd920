// Runs the sampling tools: once with a hard deadline (spawnCommand), or kept running and read
// line by line (spawnLines). Not execFile's `timeout`: that kills only the direct child, and its
// callback waits for the pipes to close, so a wrapper script whose own child hangs (or a tool that
// forks) would hold a sampler slot forever. Here each tool gets its own process group, the whole
// group is killed at the deadline, and the result is returned at once.
import { spawn } from 'node:child_process';

export interface RunResult {
  stdout: string;
  stderr: string;
  /** Exit code; null when killed or never started. */
  code: number | null;
  timedOut: boolean;
  /** The executable is not on PATH (ENOENT). */
  notFound: boolean;
  /** Why it could not be started (other than not found), e.g. EACCES. */
  error?: string;
}

export interface RunOptions {
  timeoutMs: number;
  /** Aborting kills the tool (the receiver is stopping). */
  signal?: AbortSignal;
}

export type CommandRunner = (file: string, args: readonly string[], opts: RunOptions) => Promise<RunResult>;

/** More output than any GPU query prints: beyond it the tool is misbehaving. */
const MAX_OUTPUT = 1024 * 1024;

export function spawnCommand(env: NodeJS.ProcessEnv = process.env): CommandRunner {
  return (file, args, opts) =>
    new Promise<RunResult>((resolve) => {
      if (opts.signal?.aborted) return resolve({ stdout: '', stderr: '', code: null, timedOut: false, notFound: false, error: 'aborted' });
      const posix = process.platform !== 'win32';
      let stdout = '';
      let stderr = '';
      let done = false;
      const child = spawn(file, [...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: posix, windowsHide: true, env });
      const killAll = (): void => {
        try {
          if (posix && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {
          // Already gone.
        }
      };
      const finish = (r: Partial<RunResult>): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        resolve({ stdout, stderr, code: null, timedOut: false, notFound: false, ...r });
      };
      const stop = (r: Partial<RunResult>): void => {
        killAll();
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(r);
      };
      const onAbort = (): void => stop({ error: 'aborted' });
      const timer = setTimeout(() => stop({ timedOut: true }), opts.timeoutMs);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout?.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        if (stdout.length > MAX_OUTPUT) stop({ error: `printed more than ${MAX_OUTPUT} bytes` });
      });
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        if (stderr.length < 4096) stderr += d;
      });
      child.on('error', (err: NodeJS.ErrnoException) =>
        finish(err.code === 'ENOENT' ? { notFound: true } : { error: `${err.code ?? 'error'}: ${err.message}` }),
      );
      child.on('close', (code) => finish({ code }));
    });
}

export interface StreamExit {
  code: number | null;
  stderr: string;
  notFound: boolean;
  error?: string;
}

export interface StreamHandlers {
  /** Complete lines, as they arrive (one call per chunk of output). */
  lines(lines: string[]): void;
  exit(result: StreamExit): void;
}

export interface LineStream {
  /** Kills the tool and its process group; no callback follows. */
  stop(): void;
}

/** Starts a tool that keeps printing (nvidia-smi's loop mode) and hands over its output by line. */
export type StreamRunner = (file: string, args: readonly string[], handlers: StreamHandlers) => LineStream;

export function spawnLines(env: NodeJS.ProcessEnv = process.env): StreamRunner {
  return (file, args, handlers) => {
    const posix = process.platform !== 'win32';
    let stopped = false;
    let partial = '';
    let stderr = '';
    const child = spawn(file, [...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: posix, windowsHide: true, env });
    const end = (r: Partial<StreamExit>): void => {
      if (stopped) return;
      stopped = true;
      handlers.exit({ code: null, stderr, notFound: false, ...r });
    };
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      if (stopped) return;
      const text = partial + d;
      const cut = text.lastIndexOf('\n');
      partial = text.slice(cut + 1);
      // A tool that never ends a line is not answering: keep memory bounded.
      if (partial.length > MAX_OUTPUT) partial = '';
      if (cut >= 0) handlers.lines(text.slice(0, cut).split('\n'));
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 4096) stderr += d;
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      end(err.code === 'ENOENT' ? { notFound: true } : { error: `${err.code ?? 'error'}: ${err.message}` }),
    );
    child.on('close', (code) => end({ code }));
    return {
      stop() {
        stopped = true;
        try {
          if (posix && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {
          // Already gone.
        }
        child.stdout?.destroy();
        child.stderr?.destroy();
      },
    };
  };
}
