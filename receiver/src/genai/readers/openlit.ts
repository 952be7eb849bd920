// OpenLIT: gen_ai.usage.cost (USD), gen_ai.server.time_to_first_token (s), older
// gen_ai.application_name / gen_ai.endpoint, total tokens also as gen_ai.client.token.usage.
// Its message attributes and events follow OpenTelemetry and are read by those readers.
import { compact, type Found, type Reader } from '../found';
import { bool, num, str } from '../values';

export const openLit: Reader = {
  convention: 'openlit',
  detect: (input) =>
    input.attrs.has('gen_ai.usage.cost') ||
    input.attrs.has('gen_ai.application_name') ||
    input.attrs.has('gen_ai.endpoint') ||
    input.attrs.has('gen_ai.server.time_to_first_token'),
  read(input) {
    const a = input.attrs;
    const found: Found = {};
    // OpenLIT writes a cost of 0 for every model missing from its price list (all of them when
    // the list could not be downloaded): with tokens counted, 0 means "not priced".
    const cost = num(a.get('gen_ai.usage.cost'));
    const counted = ['input_tokens', 'output_tokens', 'prompt_tokens', 'completion_tokens', 'total_tokens'].some(
      (k) => (num(a.get(`gen_ai.usage.${k}`)) ?? 0) > 0,
    );
    if (cost !== undefined && (cost > 0 || !counted)) found.reportedCostUsd = { usd: cost, attribute: 'gen_ai.usage.cost' };
    // It also times the "first token" of calls that do not stream: that is their whole latency.
    const ttft = num(a.get('gen_ai.server.time_to_first_token'));
    if (ttft !== undefined && ttft > 0 && bool(a.get('gen_ai.request.stream')) !== false) found.ttftMs = ttft * 1000;
    const total = num(a.get('gen_ai.client.token.usage')) ?? num(a.get('gen_ai.usage.total_tokens'));
    if (total !== undefined) found.tokens = { total };
    const endpoint = str(a.get('gen_ai.endpoint'));
    if (endpoint) found.operation = endpoint;
    return compact(found);
  },
};
