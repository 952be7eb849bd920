// What the editor shows at a call site: the CodeLens title and the hover's prompt and response.
// Prompts are hostile text: the hover takes them only as plain text (`appendText`, which escapes
// Markdown), never as Markdown; this module decides what text, and how much. Pure.
import type { CallSite } from '../../receiver/src/contract/api';
import type { LlmCall } from '../../receiver/src/contract/model';
import { messageText } from '../../webview/src/compare/call-text';
import { formatDuration, formatUsd } from '../../webview/src/format';

export const HOVER_TEXT_LIMIT = 400;

/** "$(pulse) 3 LLM calls · last 820 ms · 1,200 tok · $0.0042" (cost "?" when unknown). */
export function lensTitle(site: CallSite): string {
  const last = site.latest[0];
  const parts = [`$(pulse) ${site.count} LLM ${site.count === 1 ? 'call' : 'calls'}`];
  if (last) {
    const tokens = last.totalTokens ?? (last.inputTokens !== undefined || last.outputTokens !== undefined ? (last.inputTokens ?? 0) + (last.outputTokens ?? 0) : undefined);
    parts.push(`last ${formatDuration(last.durationMs)}`, `${tokens === undefined ? '?' : tokens.toLocaleString('en-US')} tok`, formatUsd(last.costUsd));
    if (last.hasError) parts.push('$(error) error');
  }
  return parts.join(' · ');
}

/** Shortens to at most `limit` characters on a word boundary where one is near, marking the cut. */
export function truncate(text: string, limit = HOVER_TEXT_LIMIT): string {
  // Control characters (other than newline and tab) would only garble the hover.
  const clean = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  if (clean.length <= limit) return clean;
  const cut = clean.slice(0, limit);
  const space = cut.search(/\s\S*$/);
  return `${(space > limit * 0.8 ? cut.slice(0, space) : cut).trimEnd()} …`;
}

export interface HoverContent {
  /** The last message the user sent (or the raw input), shortened; null when the call has none. */
  prompt: string | null;
  response: string | null;
  model: string;
}

export function hoverContent(call: LlmCall, limit = HOVER_TEXT_LIMIT): HoverContent {
  const user = [...call.inputMessages].reverse().find((m) => m.role === 'user') ?? call.inputMessages[call.inputMessages.length - 1];
  const prompt = user ? messageText(user) : (call.rawInput ?? '');
  const response = call.outputMessages.length ? call.outputMessages.map(messageText).join('\n') : (call.rawOutput ?? '');
  return {
    prompt: prompt.trim() ? truncate(prompt, limit) : null,
    response: response.trim() ? truncate(response, limit) : null,
    model: call.responseModel ?? call.requestModel ?? 'unknown model',
  };
}

/** The part of vscode.MarkdownString the hover uses: Markdown only for our own fixed text. */
export interface MarkdownSink {
  appendMarkdown(value: string): unknown;
  appendText(value: string): unknown;
}

const HEX = /^[0-9a-f]+$/;

/**
 * Writes the hover: headings are ours, every piece of trace text (model names included) goes
 * through appendText. The command link carries only hex ids, checked here.
 */
export function writeHover(md: MarkdownSink, c: HoverContent, open: { command: string; traceId: string; spanId: string } | null): void {
  md.appendMarkdown('**LLM Trace Lens** · latest call · ');
  md.appendText(c.model);
  md.appendMarkdown('\n\n**Prompt**\n\n');
  md.appendText(c.prompt ?? '(no prompt recorded)');
  md.appendMarkdown('\n\n**Response**\n\n');
  md.appendText(c.response ?? '(no response recorded)');
  if (open && HEX.test(open.traceId) && HEX.test(open.spanId) && /^[A-Za-z.]+$/.test(open.command)) {
    const args = encodeURIComponent(JSON.stringify([open.traceId, open.spanId]));
    md.appendMarkdown(`\n\n[Open trace](command:${open.command}?${args})`);
  }
}
