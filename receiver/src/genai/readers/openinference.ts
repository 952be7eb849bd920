// OpenInference (Arize Phoenix): openinference.span.kind, flattened llm.input_messages /
// llm.output_messages, input.value / output.value, llm.token_count.*, llm.cost.*.
import type { LlmParams, SpanClass } from '../../contract/model';
import { compact, hasPrefix, type Found, type Reader } from '../found';
import { fromOpenAiMessage, fromOpenAiMessages, fromOpenInferenceFlat } from '../messages';
import { bool, isRecord, num, str, structured, text } from '../values';

const KIND: Record<string, SpanClass> = {
  LLM: 'llm',
  EMBEDDING: 'embedding',
  TOOL: 'tool',
  RETRIEVER: 'retrieval',
  RERANKER: 'retrieval',
  AGENT: 'agent',
  CHAIN: 'chain',
};

export const openInference: Reader = {
  convention: 'openinference',
  detect: (input) =>
    input.attrs.has('openinference.span.kind') ||
    hasPrefix(input.attrs, 'llm.input_messages.', 'llm.token_count.') ||
    input.attrs.has('llm.model_name') ||
    input.attrs.has('embedding.model_name'),
  read(input) {
    const a = input.attrs;
    const kind = str(a.get('openinference.span.kind'))?.toUpperCase();
    // llm.model_name (embedding.model_name) is overwritten with the response's model once there
    // is one; the requested model stays in the invocation parameters.
    const inv = structured(a.get('llm.invocation_parameters')).value;
    const embInv = structured(a.get('embedding.invocation_parameters')).value;
    const invModel = str(isRecord(inv) ? inv.model : undefined) ?? str(isRecord(embInv) ? embInv.model : undefined);
    const modelName = str(a.get('llm.model_name')) ?? str(a.get('embedding.model_name'));
    const finish = str(a.get('llm.finish_reason'));
    const found: Found = {
      spanClass: kind ? (KIND[kind] ?? 'other') : undefined,
      requestModel: str(a.get('llm.request.model_name')) ?? invModel ?? modelName,
      responseModel: str(a.get('llm.response.model_name')) ?? (invModel !== undefined ? modelName : undefined),
      provider: str(a.get('llm.provider')) ?? str(a.get('llm.system')),
      inputMessages: fromOpenInferenceFlat(a, 'llm.input_messages'),
      outputMessages: fromOpenInferenceFlat(a, 'llm.output_messages'),
      finishReasons: finish ? [finish] : undefined,
    };
    const tokens = compact({
      input: num(a.get('llm.token_count.prompt')),
      output: num(a.get('llm.token_count.completion')),
      total: num(a.get('llm.token_count.total')),
      cachedInput: num(a.get('llm.token_count.prompt_details.cache_read')),
      cacheCreation: num(a.get('llm.token_count.prompt_details.cache_write')),
      reasoning: num(a.get('llm.token_count.completion_details.reasoning')),
    });
    if (Object.keys(tokens).length) found.tokens = tokens;
    const cost = num(a.get('llm.cost.total'));
    if (cost !== undefined) found.reportedCostUsd = { usd: cost, attribute: 'llm.cost.total' };
    if (isRecord(inv)) {
      const params: LlmParams = compact({
        temperature: num(inv.temperature),
        topP: num(inv.top_p),
        maxTokens: num(inv.max_tokens ?? inv.max_completion_tokens),
        seed: num(inv.seed),
        frequencyPenalty: num(inv.frequency_penalty),
        presencePenalty: num(inv.presence_penalty),
        stream: bool(inv.stream),
      });
      if (Object.keys(params).length) found.params = params;
    }
    // input.value / output.value: JSON request and response bodies, or text.
    const rawIn = a.get('input.value');
    const rawOut = a.get('output.value');
    if (!found.inputMessages && rawIn !== undefined) {
      const v = structured(rawIn).value;
      const msgs = isRecord(v) ? fromOpenAiMessages(v.messages) : undefined;
      if (msgs) found.inputMessages = msgs;
      else found.rawInput = text(rawIn);
    }
    if (!found.outputMessages && rawOut !== undefined) {
      const v = structured(rawOut).value;
      const choice = isRecord(v) && Array.isArray(v.choices) && isRecord(v.choices[0]) ? v.choices[0] : undefined;
      const msg = choice && isRecord(choice.message) ? fromOpenAiMessage(choice.message, 'assistant') : undefined;
      if (msg) found.outputMessages = [msg];
      else found.rawOutput = text(rawOut);
    }
    if (found.spanClass === 'tool') {
      found.tool = compact({
        name: str(a.get('tool.name')),
        arguments: str(a.get('tool.parameters')) ?? (rawIn !== undefined ? text(rawIn) : undefined),
        result: rawOut !== undefined ? text(rawOut) : undefined,
      });
    }
    const first = input.events.find((e) => e.name === 'First Token Stream Event');
    if (first) found.ttftMs = Number(BigInt(first.timeNs) - BigInt(input.startNs)) / 1e6;
    return compact(found);
  },
};
