// Vercel AI SDK telemetry: ai.generateText / ai.streamText (+ .doGenerate / .doStream),
// ai.embed, ai.toolCall; ai.prompt.messages, ai.response.*, ai.usage.*, msToFirstChunk (ms).
import type { ChatMessage, MessagePart, SpanClass } from '../../contract/model';
import { compact, hasPrefix, type Found, type Reader } from '../found';
import { fromOpenAiMessages } from '../messages';
import { isRecord, num, str, structured, text } from '../values';

function classOf(operationId: string): SpanClass | undefined {
  if (operationId.startsWith('ai.toolCall')) return 'tool';
  if (operationId.startsWith('ai.embed')) return 'embedding';
  if (/^ai\.(generate|stream)(Text|Object)/.test(operationId)) return 'llm';
  return undefined;
}

export const vercelAi: Reader = {
  convention: 'vercel-ai',
  detect: (input) => input.attrs.has('ai.operationId') || input.attrs.has('ai.model.id') || hasPrefix(input.attrs, 'ai.toolCall.', 'ai.usage.'),
  read(input) {
    const a = input.attrs;
    const opId = str(a.get('ai.operationId')) ?? input.name;
    const found: Found = {
      spanClass: classOf(opId),
      operation: opId,
      requestModel: str(a.get('ai.model.id')),
      provider: str(a.get('ai.model.provider')),
    };
    const prompt = structured(a.get('ai.prompt.messages')).value;
    const messages = fromOpenAiMessages(prompt);
    if (messages) {
      found.inputMessages = messages.filter((m) => m.role !== 'system');
      const system = messages.filter((m) => m.role === 'system').flatMap((m) => m.parts);
      if (system.length) found.systemInstructions = system;
    } else {
      const p = structured(a.get('ai.prompt')).value;
      if (isRecord(p)) {
        const msgs = fromOpenAiMessages(p.messages) ?? (str(p.prompt) ? [{ role: 'user', parts: [{ type: 'text' as const, content: str(p.prompt)! }] }] : undefined);
        if (msgs) found.inputMessages = msgs;
        if (str(p.system)) found.systemInstructions = [{ type: 'text', content: str(p.system)! }];
      } else if (a.get('ai.prompt') !== undefined) {
        found.rawInput = text(a.get('ai.prompt'));
      }
    }
    const out: MessagePart[] = [];
    const responseText = str(a.get('ai.response.text'));
    if (responseText) out.push({ type: 'text', content: responseText });
    const toolCalls = structured(a.get('ai.response.toolCalls')).value;
    if (Array.isArray(toolCalls)) {
      for (const c of toolCalls) {
        if (!isRecord(c)) continue;
        const id = str(c.toolCallId);
        out.push({ type: 'tool_call', ...(id ? { id } : {}), name: str(c.toolName) ?? '', arguments: text(c.args ?? c.input) });
      }
    }
    const finish = str(a.get('ai.response.finishReason'));
    if (out.length) {
      const msg: ChatMessage = { role: 'assistant', parts: out };
      if (finish) msg.finishReason = finish;
      found.outputMessages = [msg];
    }
    if (finish) found.finishReasons = [finish];
    const tokens = compact({
      input: num(a.get('ai.usage.inputTokens')) ?? num(a.get('ai.usage.promptTokens')),
      output: num(a.get('ai.usage.outputTokens')) ?? num(a.get('ai.usage.completionTokens')),
      total: num(a.get('ai.usage.totalTokens')),
      reasoning: num(a.get('ai.usage.reasoningTokens')),
      cachedInput: num(a.get('ai.usage.cachedInputTokens')),
    });
    if (found.spanClass === 'embedding' && tokens.input === undefined) tokens.input = num(a.get('ai.usage.tokens'));
    if (Object.keys(tokens).length) found.tokens = compact(tokens);
    const params = compact({
      temperature: num(a.get('ai.settings.temperature')),
      topP: num(a.get('ai.settings.topP')),
      topK: num(a.get('ai.settings.topK')),
      maxTokens: num(a.get('ai.settings.maxOutputTokens')) ?? num(a.get('ai.settings.maxTokens')),
      seed: num(a.get('ai.settings.seed')),
      stream: opId.startsWith('ai.stream') ? true : undefined,
    });
    if (Object.keys(params).length) found.params = params;
    const ms = num(a.get('ai.response.msToFirstChunk'));
    const first = input.events.find((e) => e.name === 'ai.stream.firstChunk');
    if (ms !== undefined) found.ttftMs = ms;
    else if (first) found.ttftMs = Number(BigInt(first.timeNs) - BigInt(input.startNs)) / 1e6;
    if (found.spanClass === 'tool') {
      found.tool = compact({
        name: str(a.get('ai.toolCall.name')),
        callId: str(a.get('ai.toolCall.id')),
        arguments: a.get('ai.toolCall.args') !== undefined ? text(a.get('ai.toolCall.args')) : undefined,
        result: a.get('ai.toolCall.result') !== undefined ? text(a.get('ai.toolCall.result')) : undefined,
      });
    }
    return compact(found);
  },
};
