// How a call's cost was found, in words for the dashboard's breakdown (see LlmCost.source).
import type { CostSource } from '../../../receiver/src/contract/model';

export const COST_SOURCES: readonly { source: CostSource; label: string; explain: string; color: string }[] = [
  { source: 'reported', label: 'Reported', explain: 'the instrumentation sent the cost with the span (e.g. OpenLIT, Logfire, OpenInference)', color: '#59a14f' },
  { source: 'computed', label: 'Computed', explain: 'tokens × the bundled price table for the model', color: '#4e79a7' },
  { source: 'override', label: 'Your price', explain: 'tokens × a price from llmTraceLens.prices (--price)', color: '#b07aa1' },
  { source: 'local', label: 'Local', explain: 'a local runtime (Ollama, vLLM, llama.cpp…): free unless you set a price', color: '#76b7b2' },
  { source: 'unknown-model', label: 'Unknown model', explain: 'tokens were counted but no price is known: shown as ?, not in the total', color: '#f28e2b' },
  { source: 'no-usage', label: 'No usage', explain: 'the span carried no token counts to price', color: '#9d9d9d' },
];
