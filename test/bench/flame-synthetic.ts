// Synthetic agent traces for the flame graph's tests and benchmark: an agent root, a chain per
// step, an LLM call per step followed by tool calls (some in parallel, so siblings overlap), tool
// calls with retrieval and embedding children, and now and then a nested sub-agent.
import type { FlameSpan } from '../../webview/src/flame/types';
import { mulberry32 } from '../helpers/prng';

const MS = 1e6;
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'llama3.1:8b'];
const TOOLS = ['search_web', 'read_file', 'run_sql', 'get_weather', 'python_exec', 'fetch_url'];

export function syntheticTrace(count: number, seed = 7): FlameSpan[] {
  const rand = mulberry32(seed);
  const between = (lo: number, hi: number): number => lo + (hi - lo) * rand();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const spans: FlameSpan[] = [];
  let next = 0;
  const add = (parent: FlameSpan | undefined, name: string, spanClass: FlameSpan['spanClass'], startNs: number, durNs: number, detail?: string): FlameSpan => {
    const span: FlameSpan = {
      id: (++next).toString(16).padStart(16, '0'),
      name,
      service: spanClass === 'tool' || spanClass === 'retrieval' ? 'tools-svc' : 'agent-app',
      startNs: Math.round(startNs),
      endNs: Math.round(startNs + durNs),
      spanClass,
      error: rand() < 0.02,
    };
    if (parent) span.parentId = parent.id;
    if (detail !== undefined) span.detail = detail;
    spans.push(span);
    return span;
  };
  const llm = (parent: FlameSpan, start: number): number => {
    const model = pick(MODELS);
    const dur = between(250, 2400) * MS;
    const inTok = Math.round(between(200, 6000));
    const outTok = Math.round(between(20, 900));
    add(parent, `chat ${model}`, 'llm', start, dur, `${model} · ${inTok}→${outTok} tok · $${((inTok * 2.5 + outTok * 10) / 1e6).toFixed(4)}`);
    return start + dur;
  };
  const tool = (parent: FlameSpan, start: number): number => {
    const name = pick(TOOLS);
    const dur = between(15, 900) * MS;
    const span = add(parent, `tool ${name}`, 'tool', start, dur, name);
    if (rand() < 0.4 && spans.length < count) {
      const r = add(span, 'retrieve documents', 'retrieval', start + dur * 0.05, dur * 0.8, 'top_k=8');
      add(r, 'embed query', 'embedding', r.startNs, (r.endNs - r.startNs) * 0.3, 'text-embedding-3-small');
      add(r, 'vector search', 'other', r.startNs + (r.endNs - r.startNs) * 0.35, (r.endNs - r.startNs) * 0.6);
    }
    return start + dur;
  };
  const step = (parent: FlameSpan, start: number, depth: number): number => {
    const chain = add(parent, depth === 0 ? 'agent step' : 'sub-agent step', 'chain', start, 0);
    let t = llm(chain, start + between(1, 5) * MS);
    const tools = Math.floor(between(0, 4));
    const parallel = rand() < 0.5;
    let end = t;
    for (let i = 0; i < tools && spans.length < count; i++) {
      const s = parallel ? t + between(0.5, 3) * MS : end + between(0.5, 3) * MS;
      end = Math.max(end, tool(chain, s));
    }
    t = end;
    if (depth < 2 && rand() < 0.12 && spans.length < count) {
      const sub = add(chain, 'research agent', 'agent', t + MS, 0);
      let st = t + 2 * MS;
      const steps = 2 + Math.floor(rand() * 3);
      for (let i = 0; i < steps && spans.length < count; i++) st = step(sub, st, depth + 1) + between(1, 4) * MS;
      sub.endNs = Math.round(st);
      t = st;
    }
    if (spans.length < count && rand() < 0.7) t = llm(chain, t + between(1, 4) * MS);
    chain.endNs = Math.round(t + between(0.5, 2) * MS);
    return chain.endNs;
  };
  const root = add(undefined, 'invoke_agent support-bot', 'agent', 0, 0, 'session 42');
  let t = 2 * MS;
  while (spans.length < count) t = step(root, t, 0) + between(2, 20) * MS;
  root.endNs = Math.round(t + MS);
  return spans.slice(0, count);
}
