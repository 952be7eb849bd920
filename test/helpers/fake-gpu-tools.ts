// Fake nvidia-smi / rocm-smi executables in a temp dir, to put alone on a receiver's PATH (so a
// real tool on the test machine is never found). They are /bin/sh scripts using builtins only
// (and an absolute sleep), log every launch to a file, and choose their behaviour by launch
// number `$n` (GPU queries and process queries counted apart; `$Q` is `gpu` or `apps`).
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NVIDIA_GPU_FIELDS } from '../../receiver/src/gpu/parse-nvidia';
import { removeDir, tempDir } from './receiver-process';

export type FakeTool = 'nvidia-smi' | 'rocm-smi';

export const SLEEP = ['/bin/sleep', '/usr/bin/sleep'].find((p) => existsSync(p)) ?? '/bin/sleep';

export interface FakeTools {
  dir: string;
  /** The receiver's environment: PATH is the fake dir alone. */
  env: NodeJS.ProcessEnv;
  /** Argument lines of every launch of `tool` for `query` so far. */
  launches(tool: FakeTool, query?: 'gpu' | 'apps'): Promise<string[]>;
  remove(): Promise<void>;
}

/** A shell word that prints as-is (single-quoted). */
export function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `printf` of literal lines (no expansion). */
export function printLines(lines: readonly string[]): string {
  return lines.length ? `printf '%s\\n' ${lines.map(sq).join(' ')}` : ':';
}

/** One `--query-gpu` CSV line in the order the sampler asks for; unset fields are `[N/A]`. */
export function nvidiaLine(fields: Partial<Record<(typeof NVIDIA_GPU_FIELDS)[number], string | number>>): string {
  return NVIDIA_GPU_FIELDS.map((f) => String(fields[f] ?? '[N/A]')).join(', ');
}

export async function fakeGpuTools(bodies: Partial<Record<FakeTool, string>>): Promise<FakeTools> {
  const dir = await tempDir('ltl-gpu-');
  for (const [tool, body] of Object.entries(bodies)) {
    const script = [
      '#!/bin/sh',
      `D=${sq(dir)}`,
      'case "$*" in *--query-compute-apps*|*--showpids*) Q=apps ;; *) Q=gpu ;; esac',
      `L="$D/${tool}-$Q.log"`,
      'echo "$*" >> "$L"',
      'n=0; while read -r _; do n=$((n+1)); done < "$L"',
      body,
      '',
    ].join('\n');
    const file = path.join(dir, tool);
    await writeFile(file, script);
    await chmod(file, 0o755);
  }
  return {
    dir,
    env: { ...process.env, PATH: dir },
    async launches(tool, query = 'gpu') {
      const text = await readFile(path.join(dir, `${tool}-${query}.log`), 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean);
    },
    remove: () => removeDir(dir),
  };
}
