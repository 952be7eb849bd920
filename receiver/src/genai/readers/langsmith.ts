// LangSmith's OpenTelemetry export (LangChain/LangGraph): langsmith.span.kind = run type, and
// gen_ai.prompt / gen_ai.completion holding the whole serialized run inputs and outputs.
import type { SpanClass } from '../../contract/model';
import { compact, type Found, type Reader } from '../found';
import { fromOpenAiMessages } from '../messages';
import { isRecord, str, structured, text, type Plain } from '../values';

const KIND: Record<string, SpanClass> = { llm: 'llm', chat_model: 'llm', tool: 'tool', retriever: 'retrieval', chain: 'chain', embedding: 'embedding' };

/** LangChain serialises chat inputs as {messages: [[...]]} with {type|role, content}. */
function lcMessages(v: Plain | undefined): Plain | undefined {
  if (!isRecord(v)) return undefined;
  let msgs = v.messages;
  if (Array.isArray(msgs) && Array.isArray(msgs[0])) msgs = msgs[0];
  if (!Array.isArray(msgs)) return undefined;
  return msgs.map((m) => {
    if (!isRecord(m)) return m;
    const kw = isRecord(m.kwargs) ? m.kwargs : m;
    const role = str(kw.role) ?? str(kw.type) ?? (Array.isArray(m.id) ? str(m.id[m.id.length - 1]) : undefined);
    const mapped = role === 'human' || role === 'HumanMessage' ? 'user' : role === 'ai' || role === 'AIMessage' ? 'assistant' : role === 'SystemMessage' ? 'system' : role;
    return { ...kw, role: mapped ?? 'user' };
  });
}

export const langSmith: Reader = {
  convention: 'langsmith',
  detect: (input) => input.attrs.has('langsmith.span.kind'),
  read(input) {
    const a = input.attrs;
    const kind = str(a.get('langsmith.span.kind'))?.toLowerCase();
    const found: Found = { spanClass: kind ? (KIND[kind] ?? 'other') : undefined };
    const prompt = structured(a.get('gen_ai.prompt'));
    const completion = structured(a.get('gen_ai.completion'));
    const inMsgs = fromOpenAiMessages(lcMessages(prompt.value));
    if (inMsgs) found.inputMessages = inMsgs;
    else if (a.get('gen_ai.prompt') !== undefined) found.rawInput = text(a.get('gen_ai.prompt'));
    if (a.get('gen_ai.completion') !== undefined) found.rawOutput = text(completion.value ?? completion.raw);
    return compact(found);
  },
};
