// An LLM call as plain text, section by section: what the side-by-side comparison diffs and what
// the native diff editor shows. DOM-free, so the extension host uses the same rendering.
import type { ChatMessage, LlmCall, MessagePart } from '../../../receiver/src/contract/model';

export interface CallSection {
  /** Stable across the two calls, so sections pair up: "system", "input 2", "output 1". */
  key: string;
  /** For people: "Input 2 · user". */
  title: string;
  text: string;
}

function partText(p: MessagePart): string {
  switch (p.type) {
    case 'text':
      return p.content;
    case 'reasoning':
      return `[reasoning] ${p.content}`;
    case 'tool_call':
      return `→ tool call ${p.name}${p.id ? ` (${p.id})` : ''}: ${prettyJson(p.arguments)}`;
    case 'tool_call_response':
      return `← tool result${p.id ? ` (${p.id})` : ''}: ${prettyJson(p.response)}`;
    case 'media':
      return `[${p.modality ?? 'media'}${p.mimeType ? ` ${p.mimeType}` : ''}${p.uri ? ` ${p.uri}` : ''}]`;
    case 'other':
      return p.raw;
  }
}

/** Valid JSON indented for reading and diffing line by line; anything else as it came. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function messageText(m: ChatMessage): string {
  return m.parts.map(partText).join('\n');
}

function paramsText(call: LlmCall): string {
  const lines = Object.entries(call.params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
  return lines.join('\n');
}

export function callSections(call: LlmCall): CallSection[] {
  const out: CallSection[] = [];
  const model = [
    `model: ${call.responseModel ?? call.requestModel ?? 'unknown'}`,
    call.requestModel && call.responseModel && call.requestModel !== call.responseModel ? `requested: ${call.requestModel}` : '',
    call.provider ? `provider: ${call.provider}` : '',
    call.operation ? `operation: ${call.operation}` : '',
  ].filter(Boolean);
  out.push({ key: 'model', title: 'Model', text: model.join('\n') });
  out.push({ key: 'params', title: 'Parameters', text: paramsText(call) });
  out.push({ key: 'system', title: 'System instructions', text: call.systemInstructions.map(partText).join('\n') });
  call.inputMessages.forEach((m, i) => out.push({ key: `input ${i + 1}`, title: `Input ${i + 1} · ${m.role}`, text: messageText(m) }));
  if (!call.inputMessages.length && call.rawInput) out.push({ key: 'input 1', title: 'Input (raw)', text: call.rawInput });
  call.outputMessages.forEach((m, i) => out.push({ key: `output ${i + 1}`, title: `Response ${i + 1} · ${m.role}`, text: messageText(m) }));
  if (!call.outputMessages.length && call.rawOutput) out.push({ key: 'output 1', title: 'Response (raw)', text: call.rawOutput });
  if (call.finishReasons.length) out.push({ key: 'finish', title: 'Finish reasons', text: call.finishReasons.join(', ') });
  return out;
}

/** The whole call as one document, for VS Code's diff editor. */
export function callDocument(call: LlmCall, heading: string): string {
  const lines = [`# ${heading}`, ''];
  for (const s of callSections(call)) {
    if (!s.text) continue;
    lines.push(`## ${s.title}`, s.text, '');
  }
  const t = call.tokens;
  lines.push(
    '## Usage',
    `input tokens: ${t.input ?? '?'}`,
    `output tokens: ${t.output ?? '?'}`,
    `cost: ${call.cost.usd === null ? `unknown (${call.cost.source})` : `$${call.cost.usd.toFixed(6)} (${call.cost.source})`}`,
    `latency: ${call.durationMs.toFixed(0)} ms`,
    ...(call.ttftMs !== undefined ? [`time to first token: ${call.ttftMs.toFixed(0)} ms`] : []),
    '',
  );
  return lines.join('\n');
}
