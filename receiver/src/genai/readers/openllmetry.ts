// OpenLLMetry / Traceloop: traceloop.span.kind and entity input/output, llm.request.type,
// flattened gen_ai.prompt.{i}.* / gen_ai.completion.{i}.*, llm.usage.total_tokens.
import type { SpanClass } from '../../contract/model';
import { compact, hasPrefix, type Found, type Reader } from '../found';
import { fromTraceloopFlat } from '../messages';
import { bool, num, str, text } from '../values';

const KIND: Record<string, SpanClass> = { workflow: 'chain', task: 'chain', agent: 'agent', tool: 'tool' };
const REQUEST_TYPE: Record<string, SpanClass> = { chat: 'llm', completion: 'llm', embedding: 'embedding', rerank: 'retrieval' };

export const openLlmetry: Reader = {
  convention: 'openllmetry',
  detect: (input) =>
    hasPrefix(input.attrs, 'traceloop.', 'gen_ai.prompt.0.', 'gen_ai.completion.0.') ||
    input.attrs.has('llm.request.type') ||
    input.attrs.has('llm.usage.total_tokens'),
  read(input) {
    const a = input.attrs;
    const kind = str(a.get('traceloop.span.kind'));
    const type = str(a.get('llm.request.type'));
    const found: Found = {
      spanClass: (kind && KIND[kind]) || (type && REQUEST_TYPE[type]) || undefined,
      operation: type,
      inputMessages: fromTraceloopFlat(a, 'gen_ai.prompt', 'user'),
      outputMessages: fromTraceloopFlat(a, 'gen_ai.completion', 'assistant'),
    };
    const tokens = compact({
      total: num(a.get('llm.usage.total_tokens')),
      reasoning: num(a.get('llm.usage.reasoning_tokens')),
      cachedInput: num(a.get('gen_ai.usage.cache_read_input_tokens')),
    });
    if (Object.keys(tokens).length) found.tokens = tokens;
    const streaming = bool(a.get('gen_ai.is_streaming') ?? a.get('llm.is_streaming'));
    if (streaming !== undefined) found.params = { stream: streaming };
    const entityIn = a.get('traceloop.entity.input');
    const entityOut = a.get('traceloop.entity.output');
    if (entityIn !== undefined) found.rawInput = text(entityIn);
    if (entityOut !== undefined) found.rawOutput = text(entityOut);
    if (found.spanClass === 'tool') {
      found.tool = compact({
        name: str(a.get('traceloop.entity.name')),
        arguments: entityIn !== undefined ? text(entityIn) : undefined,
        result: entityOut !== undefined ? text(entityOut) : undefined,
      });
    }
    const chunk = input.events.find((e) => e.name === 'llm.content.completion.chunk' || e.name === 'gen_ai.content.completion.chunk');
    if (chunk) found.ttftMs = Number(BigInt(chunk.timeNs) - BigInt(input.startNs)) / 1e6;
    return compact(found);
  },
};
