// OpenTelemetry GenAI semantic conventions. Current (v1.37+): gen_ai.provider.name, structured
// gen_ai.input/output.messages and system_instructions on the span or on the
// gen_ai.client.inference.operation.details log event. Earlier: gen_ai.system, prompt/completion
// span events, and per-message log events (gen_ai.user.message, gen_ai.choice, …).
import type { ChatMessage, LlmParams, LlmTokens, SpanClass } from '../../contract/model';
import { compact, type CallInput, type Found, type Reader } from '../found';
import { fromInstructions, fromOpenAiMessage, fromOpenAiMessages, fromOtelMessages } from '../messages';
import { isRecord, num, str, strList, structured, type Attrs, type Plain } from '../values';

const DETAILS_EVENT = 'gen_ai.client.inference.operation.details';

export function classOfOperation(op: string | undefined): SpanClass | undefined {
  switch (op) {
    case 'chat':
    case 'text_completion':
    case 'generate_content':
    case 'completion':
    case 'responses':
      return 'llm';
    case 'embeddings':
    case 'embedding':
      return 'embedding';
    case 'execute_tool':
      return 'tool';
    case 'invoke_agent':
    case 'create_agent':
      return 'agent';
    case 'retrieval':
      return 'retrieval';
    default:
      return undefined;
  }
}

/** Request parameters and token usage: shared by every version of the conventions. */
function common(a: Attrs): Found {
  const params: LlmParams = compact({
    temperature: num(a.get('gen_ai.request.temperature')),
    topP: num(a.get('gen_ai.request.top_p')),
    topK: num(a.get('gen_ai.request.top_k')),
    maxTokens: num(a.get('gen_ai.request.max_tokens')),
    seed: num(a.get('gen_ai.request.seed')),
    frequencyPenalty: num(a.get('gen_ai.request.frequency_penalty')),
    presencePenalty: num(a.get('gen_ai.request.presence_penalty')),
    stopSequences: strList(a.get('gen_ai.request.stop_sequences')),
    stream: typeof a.get('gen_ai.request.stream') === 'boolean' ? (a.get('gen_ai.request.stream') as boolean) : undefined,
  });
  const tokens: LlmTokens = compact({
    input: num(a.get('gen_ai.usage.input_tokens')) ?? num(a.get('gen_ai.usage.prompt_tokens')),
    output: num(a.get('gen_ai.usage.output_tokens')) ?? num(a.get('gen_ai.usage.completion_tokens')),
    cachedInput: num(a.get('gen_ai.usage.cache_read.input_tokens')) ?? num(a.get('gen_ai.usage.cache_read_input_tokens')),
    cacheCreation:
      num(a.get('gen_ai.usage.cache_creation.input_tokens')) ?? num(a.get('gen_ai.usage.cache_creation_input_tokens')),
    reasoning: num(a.get('gen_ai.usage.reasoning.output_tokens')),
    total: num(a.get('gen_ai.usage.total_tokens')),
  });
  const ttftS =
    num(a.get('gen_ai.response.time_to_first_chunk')) ?? num(a.get('gen_ai.client.operation.time_to_first_chunk'));
  const tool = compact({
    name: str(a.get('gen_ai.tool.name')),
    callId: str(a.get('gen_ai.tool.call.id')),
    arguments: str(a.get('gen_ai.tool.call.arguments')),
    result: str(a.get('gen_ai.tool.call.result')),
  });
  return compact({
    requestModel: str(a.get('gen_ai.request.model')),
    responseModel: str(a.get('gen_ai.response.model')),
    finishReasons: strList(a.get('gen_ai.response.finish_reasons')),
    params: Object.keys(params).length ? params : undefined,
    tokens: Object.keys(tokens).length ? tokens : undefined,
    ttftMs: ttftS !== undefined ? ttftS * 1000 : undefined,
    tool: Object.keys(tool).length ? tool : undefined,
  });
}

/**
 * The span's operation-details records. One that names another operation or response than the
 * span's was emitted under the wrong span: OpenLIT emits a streamed call's record once the
 * stream is drained, when the call's span has ended and its parent is current.
 */
function detailsLogs(input: CallInput): CallInput['logs'] {
  const spanOp = str(input.attrs.get('gen_ai.operation.name'));
  const spanResponse = str(input.attrs.get('gen_ai.response.id'));
  return input.logs.filter((l) => {
    if (l.eventName !== DETAILS_EVENT) return false;
    const op = str(l.attrs.get('gen_ai.operation.name'));
    const response = str(l.attrs.get('gen_ai.response.id'));
    if (op !== undefined && op !== spanOp) return false;
    return response === undefined || spanResponse === undefined || response === spanResponse;
  });
}

/** The structured message attributes, from the span or from operation-details log events. */
function messageAttrs(input: CallInput): { get(key: string): Plain | undefined } {
  const sources: Attrs[] = [input.attrs, ...detailsLogs(input).map((l) => l.attrs)];
  return {
    get(key) {
      for (const s of sources) if (s.get(key) !== undefined) return s.get(key);
      return undefined;
    },
  };
}

export const otelGenai: Reader = {
  convention: 'otel-genai',
  detect: (input) =>
    input.attrs.has('gen_ai.operation.name') ||
    input.attrs.has('gen_ai.provider.name') ||
    input.attrs.has('gen_ai.input.messages') ||
    input.attrs.has('gen_ai.output.messages') ||
    detailsLogs(input).length > 0,
  read(input) {
    const a = input.attrs;
    const m = messageAttrs(input);
    const found = common(a);
    const op = str(a.get('gen_ai.operation.name'));
    found.operation = op;
    found.spanClass = classOfOperation(op);
    found.provider = str(a.get('gen_ai.provider.name'));
    const inMsgs = structured(m.get('gen_ai.input.messages'));
    const outMsgs = structured(m.get('gen_ai.output.messages'));
    const sys = structured(m.get('gen_ai.system_instructions'));
    found.inputMessages = fromOtelMessages(inMsgs.value);
    found.outputMessages = fromOtelMessages(outMsgs.value);
    found.systemInstructions = fromInstructions(sys.value ?? sys.raw);
    // A value that is not valid JSON is shown as it came.
    if (inMsgs.raw) found.rawInput = inMsgs.raw;
    if (outMsgs.raw) found.rawOutput = outMsgs.raw;
    return compact(found);
  },
};

const LEGACY_INPUT_EVENTS: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

function choiceMessage(body: Plain): ChatMessage | undefined {
  if (!isRecord(body)) return undefined;
  const message = isRecord(body.message) ? { ...body.message } : {};
  if (message.tool_calls === undefined && body.tool_calls !== undefined) message.tool_calls = body.tool_calls;
  const msg = fromOpenAiMessage({ role: 'assistant', ...message }, 'assistant');
  if (msg && str(body.finish_reason)) msg.finishReason = str(body.finish_reason)!;
  return msg;
}

export const otelGenaiLegacy: Reader = {
  convention: 'otel-genai-legacy',
  detect: (input) =>
    input.attrs.has('gen_ai.system') ||
    input.events.some((e) => e.name === 'gen_ai.content.prompt' || e.name === 'gen_ai.content.completion') ||
    input.logs.some((l) => l.eventName in LEGACY_INPUT_EVENTS || l.eventName === 'gen_ai.choice'),
  read(input) {
    const found = common(input.attrs);
    found.provider = str(input.attrs.get('gen_ai.system'));
    // v1.26 span events carry OpenAI-shaped JSON; OpenLIT's older ones carry plain text.
    for (const e of input.events) {
      const isPrompt = e.name === 'gen_ai.content.prompt';
      if (!isPrompt && e.name !== 'gen_ai.content.completion') continue;
      const raw = e.attrs.get(isPrompt ? 'gen_ai.prompt' : 'gen_ai.completion');
      const parsed = structured(raw);
      const msgs = fromOpenAiMessages(parsed.value, isPrompt ? 'user' : 'assistant');
      if (isPrompt) {
        if (msgs) found.inputMessages = msgs;
        else if (typeof raw === 'string') found.rawInput = raw;
      } else if (msgs) found.outputMessages = msgs;
      else if (typeof raw === 'string') found.rawOutput = raw;
    }
    const inputs: ChatMessage[] = [];
    const choices: { index: number; msg: ChatMessage }[] = [];
    for (const l of input.logs) {
      const role = LEGACY_INPUT_EVENTS[l.eventName];
      if (role) {
        const body = isRecord(l.body) ? l.body : { content: l.body };
        const msg = fromOpenAiMessage({ role, ...body }, role);
        if (msg) inputs.push(msg);
      } else if (l.eventName === 'gen_ai.choice') {
        const msg = choiceMessage(l.body);
        if (msg) choices.push({ index: isRecord(l.body) ? (num(l.body.index) ?? choices.length) : choices.length, msg });
      }
    }
    if (inputs.length) found.inputMessages = inputs;
    if (choices.length) found.outputMessages = choices.sort((x, y) => x.index - y.index).map((c) => c.msg);
    if (!found.finishReasons && choices.length) {
      const reasons = choices.map((c) => c.msg.finishReason).filter((r): r is string => r !== undefined);
      if (reasons.length) found.finishReasons = reasons;
    }
    if (found.requestModel || found.tokens || found.inputMessages) found.spanClass ??= 'llm';
    return compact(found);
  },
};
