// Pydantic Logfire's instrument_openai: request_data / response_data JSON, operation.cost (USD,
// from genai-prices). Its gen_ai.* attributes are read by the OpenTelemetry reader.
import { compact, type Found, type Reader } from '../found';
import { fromOpenAiMessage, fromOpenAiMessages } from '../messages';
import { bool, isRecord, num, str, structured } from '../values';

export const logfire: Reader = {
  convention: 'logfire',
  detect: (input) => input.attrs.has('logfire.msg_template') || input.attrs.has('logfire.json_schema') || input.attrs.has('operation.cost'),
  read(input) {
    const a = input.attrs;
    const found: Found = {};
    const req = structured(a.get('request_data')).value;
    if (isRecord(req)) {
      const msgs = fromOpenAiMessages(req.messages);
      if (msgs) {
        // The request as OpenAI got it: a system message is part of the chat history, as the
        // OpenTelemetry conventions (and the other OpenAI instrumentations) keep it.
        found.inputMessages = msgs;
      }
      found.requestModel = str(req.model);
      found.params = compact({
        temperature: num(req.temperature),
        topP: num(req.top_p),
        maxTokens: num(req.max_tokens ?? req.max_completion_tokens),
        seed: num(req.seed),
        stream: bool(req.stream),
      });
      if (!Object.keys(found.params).length) delete found.params;
      if (msgs || req.input !== undefined) found.spanClass = Array.isArray(req.input) || typeof req.input === 'string' ? (msgs ? 'llm' : 'embedding') : 'llm';
    }
    const res = structured(a.get('response_data')).value;
    if (isRecord(res)) {
      // Chat completions: {message, usage}; raw responses: {choices: [{message}]}.
      const message = isRecord(res.message)
        ? res.message
        : Array.isArray(res.choices) && isRecord(res.choices[0]) && isRecord(res.choices[0].message)
          ? res.choices[0].message
          : undefined;
      const msg = message ? fromOpenAiMessage(message, 'assistant') : undefined;
      if (msg) found.outputMessages = [msg];
      const usage = isRecord(res.usage) ? res.usage : undefined;
      if (usage) {
        const inDetails = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : isRecord(usage.input_tokens_details) ? usage.input_tokens_details : {};
        const outDetails = isRecord(usage.completion_tokens_details) ? usage.completion_tokens_details : isRecord(usage.output_tokens_details) ? usage.output_tokens_details : {};
        found.tokens = compact({
          input: num(usage.prompt_tokens ?? usage.input_tokens),
          output: num(usage.completion_tokens ?? usage.output_tokens),
          total: num(usage.total_tokens),
          cachedInput: num(inDetails.cached_tokens),
          cacheCreation: num(inDetails.cache_write_tokens),
          reasoning: num(outDetails.reasoning_tokens),
        });
      }
    }
    // A streamed call is two spans: the request's, which ends when the stream opens, and a
    // zero-length log once the stream is drained, with the request, the response, the usage and
    // the stream's duration. The log is the call; the request's span is part of it.
    const streamed = isRecord(req) && req.stream === true;
    const spanType = str(a.get('logfire.span_type'));
    if (streamed && spanType === 'span' && res === undefined) found.spanClassOverride = 'other';
    const streamS = num(a.get('duration'));
    if (streamed && spanType === 'log' && streamS !== undefined) found.durationMs = streamS * 1000;
    const cost = num(a.get('operation.cost'));
    if (cost !== undefined) found.reportedCostUsd = { usd: cost, attribute: 'operation.cost' };
    return compact(found);
  },
};
