// Where a reported code location is in this workspace. Apps report paths as they see them
// (absolute in a container or on another machine, relative to their working directory, with
// either separator), so a workspace file matches by the longest common tail of whole path
// segments. Pure.
import type { CodeLocation } from '../../receiver/src/contract/model';

function segments(p: string): string[] {
  return p.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
}

/** The file name of a reported path, whichever separator it uses. */
export function baseName(p: string): string {
  return segments(p).pop() ?? '';
}

/** How many trailing path segments two paths share (0 when even the file names differ). */
export function commonTail(a: string, b: string): number {
  const x = segments(a);
  const y = segments(b);
  let n = 0;
  while (n < x.length && n < y.length && x[x.length - 1 - n] === y[y.length - 1 - n]) n++;
  return n;
}

/**
 * The candidate (a workspace file path) that shares the longest tail with the reported path, or
 * null when none shares even the file name. Ties go to the shorter path: the file nearer the
 * workspace root is the likelier one.
 */
export function bestSuffixMatch(reported: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestTail = 0;
  for (const c of candidates) {
    const tail = commonTail(reported, c);
    if (tail > bestTail || (tail === bestTail && tail > 0 && best !== null && segments(c).length < segments(best).length)) {
      best = c;
      bestTail = tail;
    }
  }
  return best;
}

/** The editor position of a location: VS Code lines and columns are 0-based, the app's 1-based. */
export function editorPosition(code: CodeLocation): { line: number; character: number } {
  const line = code.lineno !== undefined && code.lineno >= 1 ? Math.floor(code.lineno) - 1 : 0;
  const character = code.column !== undefined && code.column >= 1 ? Math.floor(code.column) - 1 : 0;
  return { line, character };
}

/** "app/chat.py:42 (answer)" for messages. */
export function describeLocation(code: CodeLocation): string {
  return `${code.filepath}${code.lineno !== undefined ? `:${code.lineno}` : ''}${code.function ? ` (${code.function})` : ''}`;
}
