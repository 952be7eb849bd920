// Cost of a call: a reported cost wins; then a user override; then local runtimes (free); then
// the bundled @pydantic/genai-prices table (maintained, offline, with cached-input prices).
// Every cost names its source; an unpriced model is "unknown-model", never a silent 0.
import { calcPrice, type Provider } from '@pydantic/genai-prices';
import type { LlmCost, LlmTokens } from '../contract/model';
import { LOCAL_RUNTIMES, PRICE_TABLE_PROVIDER } from './providers';

declare const __GENAI_PRICES_VERSION__: string | undefined;
const TABLE = `genai-prices ${typeof __GENAI_PRICES_VERSION__ === 'string' ? __GENAI_PRICES_VERSION__ : 'bundled'}`;

export interface PriceOverride {
  /** Model id or glob (`gpt-4o*`, `ollama/*`), matched case-insensitively against the model, or `provider/model`. */
  pattern: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok?: number;
}

/** Parses `PATTERN=IN,OUT[,CACHED]` (USD per million tokens), the CLI and setting format. */
export function parsePriceOverride(spec: string): PriceOverride {
  const eq = spec.lastIndexOf('=');
  if (eq <= 0) throw new Error(`price "${spec}" must look like MODEL_PATTERN=INPUT,OUTPUT[,CACHED_INPUT] (USD per million tokens)`);
  const pattern = spec.slice(0, eq).trim();
  const nums = spec.slice(eq + 1).split(',').map((s) => Number(s.trim()));
  if (nums.length < 2 || nums.length > 3 || nums.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new Error(`price "${spec}": give two or three non-negative numbers after "="`);
  }
  return { pattern, inputPerMTok: nums[0]!, outputPerMTok: nums[1]!, ...(nums[2] !== undefined ? { cachedInputPerMTok: nums[2] } : {}) };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

export interface PriceQuery {
  provider?: string;
  model?: string;
  tokens: LlmTokens;
  reported?: { usd: number; attribute: string };
  serverAddress?: string;
  serverPort?: number;
}

/** Ports of local runtimes' OpenAI-compatible servers (Ollama, LM Studio). */
const LOCAL_PORTS = new Set([11434, 1234]);

function isLoopback(host: string | undefined): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '::1';
}

const MATCH_CACHE = 2048;

export class PriceTable {
  private readonly overrides: { re: RegExp; price: PriceOverride }[];
  /**
   * Finding a model in the table is most of calcPrice's cost (~20 µs a call). Once found, the
   * provider is narrowed to that one model, so later calls still price through calcPrice (tiers,
   * dated prices) but match against one entry; null remembers a model the table lacks.
   */
  private readonly matched = new Map<string, Provider | null>();

  constructor(overrides: PriceOverride[] = []) {
    this.overrides = overrides.map((price) => ({ re: globToRegExp(price.pattern), price }));
  }

  cost(q: PriceQuery): LlmCost {
    if (q.reported && Number.isFinite(q.reported.usd) && q.reported.usd >= 0) {
      return { usd: q.reported.usd, source: 'reported', detail: q.reported.attribute };
    }
    const input = q.tokens.input;
    const output = q.tokens.output;
    if (input === undefined && output === undefined) {
      return { usd: null, source: 'no-usage', detail: 'no token counts on the call' };
    }
    const model = q.model ?? '';
    const override = this.overrides.find(
      (o) => o.re.test(model) || (q.provider !== undefined && o.re.test(`${q.provider}/${model}`)),
    );
    if (override) {
      const p = override.price;
      const cached = Math.min(q.tokens.cachedInput ?? 0, input ?? 0);
      const cachedRate = p.cachedInputPerMTok ?? p.inputPerMTok;
      const usd = (((input ?? 0) - cached) * p.inputPerMTok + cached * cachedRate + (output ?? 0) * p.outputPerMTok) / 1e6;
      return { usd, source: 'override', detail: `override ${p.pattern}` };
    }
    const local =
      (q.provider !== undefined && LOCAL_RUNTIMES.has(q.provider)) ||
      (isLoopback(q.serverAddress) && q.serverPort !== undefined && LOCAL_PORTS.has(q.serverPort));
    if (local) return { usd: 0, source: 'local', detail: `local runtime${q.provider ? ` ${q.provider}` : ''}` };
    if (!model) return { usd: null, source: 'unknown-model', detail: 'no model name' };
    const usage = {
      input_tokens: input ?? 0,
      output_tokens: output ?? 0,
      ...(q.tokens.cachedInput ? { cache_read_tokens: Math.min(q.tokens.cachedInput, input ?? 0) } : {}),
      ...(q.tokens.cacheCreation ? { cache_write_tokens: q.tokens.cacheCreation } : {}),
    };
    const providerId = q.provider ? (PRICE_TABLE_PROVIDER[q.provider] ?? q.provider) : undefined;
    const key = `${providerId ?? ''}\n${model}`;
    const narrowed = this.matched.get(key);
    let result = null;
    try {
      if (narrowed) {
        result = calcPrice(usage, model, { provider: narrowed });
      } else if (narrowed === undefined) {
        result = calcPrice(usage, model, providerId ? { providerId } : {});
        // An unknown provider id would hide a known model: retry by model alone.
        result ??= providerId ? calcPrice(usage, model) : null;
        if (this.matched.size >= MATCH_CACHE) this.matched.clear();
        this.matched.set(key, result ? { ...result.provider, models: [result.model] } : null);
      }
    } catch {
      result = null;
    }
    if (!result) return { usd: null, source: 'unknown-model', detail: `${model} is not in ${TABLE}` };
    return { usd: result.total_price, source: 'computed', detail: `${TABLE}: ${result.provider.id}/${result.model.id}` };
  }
}
