// Every message shape the conventions use, into one: {role, parts[]}. Unknown shapes become an
// "other" part holding the raw JSON, so nothing is silently dropped.
import type { ChatMessage, MessagePart } from '../contract/model';
import { indexed, isRecord, str, text, type Attrs, type Plain } from './values';

function part(p: Plain): MessagePart {
  if (typeof p === 'string') return { type: 'text', content: p };
  if (!isRecord(p)) return { type: 'other', raw: text(p) };
  const type = str(p.type);
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return { type: 'text', content: text(p.content ?? p.text) };
    case 'reasoning':
    case 'thinking':
      return { type: 'reasoning', content: text(p.content ?? p.text ?? p.thinking) };
    case 'tool_call':
    case 'tool-call':
    case 'function_call':
    case 'tool_use': {
      const id = str(p.id ?? p.call_id ?? p.toolCallId);
      return {
        type: 'tool_call',
        ...(id ? { id } : {}),
        name: str(p.name ?? p.toolName) ?? '',
        arguments: text(p.arguments ?? p.input ?? p.args),
      };
    }
    case 'tool_call_response':
    case 'tool-result':
    case 'function_call_output':
    case 'tool_result': {
      const id = str(p.id ?? p.call_id ?? p.tool_use_id ?? p.toolCallId);
      // Vercel AI SDK 5+: output is a typed wrapper, {type: 'json' | 'text' | 'error-text' | …, value}.
      const out = isRecord(p.output) && typeof p.output.type === 'string' && 'value' in p.output ? p.output.value : p.output;
      return {
        type: 'tool_call_response',
        ...(id ? { id } : {}),
        response: text(p.response ?? p.result ?? out ?? p.content),
      };
    }
    case 'blob':
    case 'uri':
    case 'file':
    case 'image_url':
    case 'image': {
      const uri = str(p.uri) ?? (isRecord(p.image_url) ? str(p.image_url.url) : str(p.image_url));
      return {
        type: 'media',
        ...(str(p.modality) ? { modality: str(p.modality)! } : type === 'image_url' || type === 'image' ? { modality: 'image' } : {}),
        ...(str(p.mime_type) ? { mimeType: str(p.mime_type)! } : {}),
        ...(uri ? { uri } : {}),
        ...(str(p.content) ? { content: str(p.content)! } : {}),
      };
    }
    default:
      return { type: 'other', raw: text(p) };
  }
}

/** OpenTelemetry GenAI messages: [{role, parts: [...], name?, finish_reason?}]. */
export function fromOtelMessages(v: Plain | undefined): ChatMessage[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: ChatMessage[] = [];
  for (const m of v) {
    if (!isRecord(m)) continue;
    const parts = Array.isArray(m.parts) ? m.parts.map(part) : m.content !== undefined ? contentParts(m.content) : [];
    const msg: ChatMessage = { role: str(m.role) ?? 'unknown', parts };
    if (str(m.name)) msg.name = str(m.name)!;
    if (str(m.finish_reason)) msg.finishReason = str(m.finish_reason)!;
    out.push(msg);
  }
  return out;
}

/** System instructions: a parts array, a single part, or a plain string. */
export function fromInstructions(v: Plain | undefined): MessagePart[] | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return [{ type: 'text', content: v }];
  if (Array.isArray(v)) return v.map(part);
  return [part(v)];
}

/** OpenAI Chat content: a string, or a list of typed content parts. */
function contentParts(content: Plain | undefined): MessagePart[] {
  if (content === undefined || content === null || content === '') return [];
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (Array.isArray(content)) return content.map(part);
  return [part(content)];
}

function openAiToolCalls(calls: Plain | undefined): MessagePart[] {
  if (!Array.isArray(calls)) return [];
  return calls.filter(isRecord).map((c) => {
    const fn = isRecord(c.function) ? c.function : c;
    return {
      type: 'tool_call' as const,
      ...(str(c.id) ? { id: str(c.id)! } : {}),
      name: str(fn.name) ?? '',
      arguments: text(fn.arguments ?? fn.args),
    };
  });
}

/** A tool message's content given as typed result parts (Vercel AI SDK `tool-result`), not as the result itself. */
function isToolResultList(content: Plain | undefined): content is Plain[] {
  return (
    Array.isArray(content) &&
    content.length > 0 &&
    content.every((c) => isRecord(c) && ['tool-result', 'tool_result', 'tool_call_response'].includes(str(c.type) ?? ''))
  );
}

/** One OpenAI-style message {role, content, tool_calls, tool_call_id, name}. */
export function fromOpenAiMessage(m: Plain, defaultRole: string): ChatMessage | undefined {
  if (typeof m === 'string') return { role: defaultRole, parts: [{ type: 'text', content: m }] };
  if (!isRecord(m)) return undefined;
  const role = str(m.role) ?? defaultRole;
  const toolCallId = str(m.tool_call_id ?? m.id);
  let parts: MessagePart[];
  if (role !== 'tool') parts = [...contentParts(m.content), ...openAiToolCalls(m.tool_calls)];
  else if (isToolResultList(m.content)) parts = m.content.map(part);
  else parts = [{ type: 'tool_call_response', ...(toolCallId ? { id: toolCallId } : {}), response: text(m.content) }];
  const msg: ChatMessage = { role, parts };
  if (str(m.name)) msg.name = str(m.name)!;
  if (str(m.finish_reason)) msg.finishReason = str(m.finish_reason)!;
  return msg;
}

export function fromOpenAiMessages(v: Plain | undefined, defaultRole = 'user'): ChatMessage[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v.map((m) => fromOpenAiMessage(m, defaultRole)).filter((m): m is ChatMessage => m !== undefined);
  return out.length ? out : undefined;
}

/** OpenLLMetry flattening: `gen_ai.prompt.{i}.role|content|tool_calls.{j}.name|arguments|id`. */
export function fromTraceloopFlat(attrs: Attrs, prefix: string, defaultRole: string): ChatMessage[] | undefined {
  const rows = indexed(attrs, prefix);
  if (!rows.size) return undefined;
  const out: ChatMessage[] = [];
  for (const fields of rows.values()) {
    const role = str(fields.get('role')) ?? defaultRole;
    const parts: MessagePart[] = [];
    const content = fields.get('content');
    if (role === 'tool') {
      const id = str(fields.get('tool_call_id'));
      parts.push({ type: 'tool_call_response', ...(id ? { id } : {}), response: text(content) });
    } else if (content !== undefined) {
      parts.push(...flatContent(content));
    }
    const calls = new Map<number, Map<string, Plain>>();
    for (const [k, v] of fields) {
      const m = /^tool_calls\.(\d+)\.(.+)$/.exec(k);
      if (!m) continue;
      const j = Number(m[1]);
      if (!calls.has(j)) calls.set(j, new Map());
      calls.get(j)!.set(m[2]!, v);
    }
    for (const [, c] of [...calls.entries()].sort((a, b) => a[0] - b[0])) {
      const id = str(c.get('id'));
      parts.push({ type: 'tool_call', ...(id ? { id } : {}), name: str(c.get('name')) ?? '', arguments: text(c.get('arguments')) });
    }
    const msg: ChatMessage = { role, parts };
    const finish = str(fields.get('finish_reason'));
    if (finish) msg.finishReason = finish;
    out.push(msg);
  }
  return out;
}

/** Content that OpenLLMetry JSON-dumps when it is a list of parts. */
function flatContent(content: Plain): MessagePart[] {
  if (typeof content === 'string' && content.trim().startsWith('[')) {
    try {
      const parsed = JSON.parse(content) as Plain;
      if (Array.isArray(parsed)) return contentParts(parsed);
    } catch {
      // Not JSON after all: it is the text.
    }
  }
  return contentParts(typeof content === 'string' ? content : text(content));
}

/** OpenInference flattening: `llm.input_messages.{i}.message.role|content|contents|tool_calls`. */
export function fromOpenInferenceFlat(attrs: Attrs, prefix: string): ChatMessage[] | undefined {
  const rows = indexed(attrs, prefix);
  if (!rows.size) return undefined;
  const out: ChatMessage[] = [];
  for (const fields of rows.values()) {
    const get = (k: string): Plain | undefined => fields.get(`message.${k}`);
    const role = str(get('role')) ?? 'unknown';
    const parts: MessagePart[] = [];
    const toolCallId = str(get('tool_call_id'));
    if (role === 'tool') {
      parts.push({ type: 'tool_call_response', ...(toolCallId ? { id: toolCallId } : {}), response: text(get('content')) });
    } else if (get('content') !== undefined) {
      parts.push(...contentParts(get('content')));
    }
    const contents = new Map<number, Map<string, Plain>>();
    const calls = new Map<number, Map<string, Plain>>();
    for (const [k, v] of fields) {
      let m = /^message\.contents\.(\d+)\.message_content\.(.+)$/.exec(k);
      if (m) {
        const j = Number(m[1]);
        if (!contents.has(j)) contents.set(j, new Map());
        contents.get(j)!.set(m[2]!, v);
        continue;
      }
      m = /^message\.tool_calls\.(\d+)\.tool_call\.(.+)$/.exec(k);
      if (m) {
        const j = Number(m[1]);
        if (!calls.has(j)) calls.set(j, new Map());
        calls.get(j)!.set(m[2]!, v);
      }
    }
    for (const [, c] of [...contents.entries()].sort((a, b) => a[0] - b[0])) {
      const t = str(c.get('type'));
      if (t === 'image') {
        const url = str(c.get('image.image.url'));
        parts.push({ type: 'media', modality: 'image', ...(url ? { uri: url } : {}) });
      } else {
        parts.push({ type: 'text', content: text(c.get('text')) });
      }
    }
    for (const [, c] of [...calls.entries()].sort((a, b) => a[0] - b[0])) {
      const id = str(c.get('id'));
      parts.push({
        type: 'tool_call',
        ...(id ? { id } : {}),
        name: str(c.get('function.name')) ?? '',
        arguments: text(c.get('function.arguments')),
      });
    }
    const msg: ChatMessage = { role, parts };
    if (str(get('name'))) msg.name = str(get('name'))!;
    out.push(msg);
  }
  return out;
}

/** Text of a message list, for search and previews. */
export function messagesText(messages: ChatMessage[]): string {
  return messages
    .flatMap((m) =>
      m.parts.map((p) =>
        p.type === 'text' || p.type === 'reasoning'
          ? p.content
          : p.type === 'tool_call'
            ? `${p.name}(${p.arguments})`
            : p.type === 'tool_call_response'
              ? p.response
              : p.type === 'other'
                ? p.raw
                : (p.uri ?? ''),
      ),
    )
    .join('\n');
}
