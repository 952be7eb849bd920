// What GPU sampling costs an idle receiver: three receivers side by side for GPU_COST_SECONDS
// (20) sampling a fake two-GPU nvidia-smi every second, in loop mode, launched every interval, and
// off; CPU time of each receiver process and of its (waited-for) children from /proc/<pid>/stat.
// The fake's own cost is a shell's, not nvidia-smi's: the receiver's figure is the one that
// transfers to a real machine. Linux only.
// Run: npm run build && node --import tsx test/bench/gpu-sampling-cost.ts
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import type { GpuResponse } from '../../receiver/src/contract/api';
import { fakeGpuTools, nvidiaLine, printLines, SLEEP } from '../helpers/fake-gpu-tools';
import { getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';

const SECONDS = Number(process.env.GPU_COST_SECONDS ?? 20);
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

interface Cpu {
  self: number;
  children: number;
}

function fields(stat: string): number[] {
  // Fields after "(comm)": state is field 3, so ppid (4) is index 1 and utime (14) index 11.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
}

/**
 * CPU seconds of the receiver itself, and of its children: the ones it has reaped (cutime) plus
 * every live descendant (a long-lived nvidia-smi loop is never reaped while it runs).
 */
async function cpuSeconds(pid: number): Promise<Cpu> {
  const f = fields(await readFile(`/proc/${pid}/stat`, 'utf8'));
  const all = new Map<number, number[]>();
  for (const p of await readdir('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    const stat = await readFile(`/proc/${p}/stat`, 'utf8').catch(() => null);
    if (stat) all.set(Number(p), fields(stat));
  }
  let live = 0;
  const walk = (parent: number): void => {
    for (const [child, cf] of all) {
      if (cf[1] !== parent) continue;
      live += cf[11]! + cf[12]! + cf[13]! + cf[14]!;
      walk(child);
    }
  };
  walk(pid);
  return { self: (f[11]! + f[12]!) / TICKS, children: (f[13]! + f[14]! + live) / TICKS };
}

const line = (index: number, uuid: string): string =>
  nvidiaLine({ index, uuid, name: 'NVIDIA H100 80GB HBM3', driver_version: '580.159.04', 'utilization.gpu': 97, 'utilization.memory': 30, 'memory.total': 81559, 'memory.used': 1011, 'memory.free': 80069, 'temperature.gpu': 53, 'power.draw': 688.62, 'power.limit': '700.00', 'clocks.current.sm': 1530, 'clocks.current.memory': 2619, pstate: 'P0' });

const apps = `if [ "$Q" = apps ]; then ${printLines(['GPU-0, 410, python3, 1002'])}; exit 0; fi`;
const gpus = printLines([line(0, 'GPU-0'), line(1, 'GPU-1')]);
// nvidia-smi with loop mode (the default path), and one without (launched every interval).
const looping = await fakeGpuTools({
  'nvidia-smi': `${apps}\ncase "$*" in *--loop-ms*) while :; do ${gpus}; ${SLEEP} 1; done ;; esac\n${gpus}\n`,
});
const once = await fakeGpuTools({ 'nvidia-smi': `${apps}\n${gpus}\n` });
const receivers: { name: string; rx: ReceiverProcess }[] = [];
try {
  const args = ['--grpc-port', '0'];
  receivers.push({ name: 'nvidia-smi loop mode, every 1000 ms', rx: await startReceiverProcess({ env: looping.env, args }) });
  receivers.push({ name: 'nvidia-smi launched every 1000 ms', rx: await startReceiverProcess({ env: once.env, args }) });
  receivers.push({ name: 'sampling off', rx: await startReceiverProcess({ env: once.env, args: [...args, '--gpu-interval-ms', '0'] }) });
  await new Promise((r) => setTimeout(r, 3000));
  const state = async (rx: ReceiverProcess): Promise<GpuResponse['state']> => (await getJson<GpuResponse>(`${rx.base}/api/gpu`)).state;
  const before = await Promise.all(receivers.map((r) => cpuSeconds(r.rx.child.pid!)));
  const runsBefore = await Promise.all(receivers.map(async (r) => (await state(r.rx)).runs));
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const afterCpu = await Promise.all(receivers.map((r) => cpuSeconds(r.rx.child.pid!)));
  const states = await Promise.all(receivers.map((r) => state(r.rx)));
  const pct = (s: number): number => Math.round((s / SECONDS) * 10000) / 100;
  const result = {
    seconds: SECONDS,
    clockTicksPerSecond: TICKS,
    receivers: receivers.map((r, i) => ({
      name: r.name,
      mode: states[i]!.mode ?? states[i]!.sampler,
      toolLaunches: states[i]!.runs - runsBefore[i]!,
      receiverCpuPct: pct(afterCpu[i]!.self - before[i]!.self),
      childrenCpuPct: pct(afterCpu[i]!.children - before[i]!.children),
    })),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  for (const r of receivers) {
    await r.rx.stop();
    await removeDir(r.rx.dataDir);
  }
  await looping.remove();
  await once.remove();
}
