// LLM calls grouped by where the app made them, for CodeLens. Apps report paths as they see them
// (absolute inside a container, relative to their working directory, with either separator), so
// a file matches when one path ends with the other at a directory boundary.
import type { CallSite } from '../contract/api';
import type { LlmCallRow } from '../contract/model';

function normalisePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '');
}

export function samePath(reported: string, wanted: string): boolean {
  const a = normalisePath(reported);
  const b = normalisePath(wanted);
  if (a === b) return true;
  const [longer, shorter] = a.length >= b.length ? [a, b] : [b, a];
  return longer.endsWith(shorter) && (shorter.startsWith('/') || longer[longer.length - shorter.length - 1] === '/');
}

export function callSites(rows: Iterable<LlmCallRow>, file: string | undefined, limit: number): CallSite[] {
  const sites = new Map<string, { site: CallSite; rows: LlmCallRow[] }>();
  for (const r of rows) {
    const code = r.code;
    if (!code || (file !== undefined && !samePath(code.filepath, file))) continue;
    const key = `${code.filepath}:${code.lineno ?? ''}`;
    let s = sites.get(key);
    if (!s) {
      const site: CallSite = { filepath: code.filepath, count: 0, latest: [] };
      if (code.lineno !== undefined) site.lineno = code.lineno;
      if (code.function) site.function = code.function;
      sites.set(key, (s = { site, rows: [] }));
    }
    s.site.count++;
    s.rows.push(r);
  }
  return [...sites.values()]
    .map(({ site, rows: list }) => {
      list.sort((a, b) => (BigInt(b.startTimeUnixNano) > BigInt(a.startTimeUnixNano) ? 1 : -1));
      site.latest = list.slice(0, limit);
      return site;
    })
    .sort((a, b) => a.filepath.localeCompare(b.filepath) || (a.lineno ?? 0) - (b.lineno ?? 0));
}
