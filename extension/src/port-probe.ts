// What answers on the receiver's port before we spawn one: nothing, our receiver (another window's,
// or one started by hand), or some other program. Plain Node: no vscode.
import net from 'node:net';
import { RECEIVER_NAME, type HealthResponse } from '../../receiver/src/contract/api';

export type PortProbe =
  | { kind: 'free' }
  | { kind: 'receiver'; health: HealthResponse }
  | { kind: 'foreign'; detail: string };

export type StartDecision = 'spawn' | 'attach' | 'port-busy';

export function decideStart(probe: PortProbe): StartDecision {
  if (probe.kind === 'receiver') return 'attach';
  return probe.kind === 'free' ? 'spawn' : 'port-busy';
}

function tcpOpen(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(true)); // accepted but silent: still taken
    socket.once('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

/** `host` is the address the receiver binds; a wildcard bind is probed on loopback. */
export async function probePort(host: string, port: number, timeoutMs = 2000): Promise<PortProbe> {
  const target = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  if (!(await tcpOpen(target, port, timeoutMs))) return { kind: 'free' };
  const url = `http://${target.includes(':') ? `[${target}]` : target}:${port}/api/health`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { kind: 'foreign', detail: `port ${port} answers HTTP ${res.status} and is not an LLM Trace Lens receiver` };
    const body = (await res.json()) as Partial<HealthResponse>;
    if (body.name === RECEIVER_NAME) return { kind: 'receiver', health: body as HealthResponse };
    return { kind: 'foreign', detail: `port ${port} is used by another HTTP service` };
  } catch {
    return { kind: 'foreign', detail: `port ${port} is used by another program` };
  }
}
