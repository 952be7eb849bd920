// The LLM tab: the conversation as a chat (system, input messages, output messages) and the
// call's facts (models, provider, parameters, tokens, cost and its source, timings, GPU).
import type { ChatMessage, LlmCall, MessagePart } from '../../../receiver/src/contract/model';
import { prettyJson } from '../any-value';
import { el } from '../dom';
import { formatDuration, formatUsd } from '../format';
import { textBlock } from './collapsible';

function part(p: MessagePart): HTMLElement {
  switch (p.type) {
    case 'text':
      return textBlock(p.content);
    case 'reasoning':
      return el('div', { class: 'part part-reasoning' }, el('div', { class: 'part-label', text: 'Reasoning' }), textBlock(p.content));
    case 'tool_call':
      return el(
        'div',
        { class: 'part part-tool-call' },
        el('div', { class: 'part-label', text: `Tool call: ${p.name}${p.id ? ` (${p.id})` : ''}` }),
        textBlock(prettyJson(p.arguments), 'code'),
      );
    case 'tool_call_response':
      return el(
        'div',
        { class: 'part part-tool-result' },
        el('div', { class: 'part-label', text: `Tool result${p.id ? ` (${p.id})` : ''}` }),
        textBlock(prettyJson(p.response), 'code'),
      );
    case 'media': {
      const what = [p.modality ?? 'media', p.mimeType, p.uri].filter(Boolean).join(' ');
      return el('div', { class: 'part part-media', text: `[${what}${p.content ? `, ${p.content.length} chars inline` : ''}]` });
    }
    case 'other':
      return el('div', { class: 'part part-other' }, el('div', { class: 'part-label', text: 'Unrecognised part' }), textBlock(p.raw, 'code'));
  }
}

function message(m: ChatMessage): HTMLElement {
  const role = m.role || 'unknown';
  return el(
    'div',
    { class: `msg role-${role.replace(/[^a-z_-]/gi, '')}`, attrs: { 'data-role': role } },
    el(
      'div',
      { class: 'msg-head' },
      el('span', { class: 'msg-role', text: role }),
      m.name ? el('span', { class: 'msg-name', text: m.name }) : null,
      m.finishReason ? el('span', { class: 'msg-finish', text: `finish: ${m.finishReason}` }) : null,
    ),
    ...m.parts.map(part),
  );
}

function facts(rows: [string, string | undefined][]): HTMLElement {
  const dl = el('dl', { class: 'facts' });
  for (const [k, v] of rows) if (v !== undefined && v !== '') dl.append(el('dt', { text: k }), el('dd', { text: v }));
  return dl;
}

const num = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));

/** `actions`: the comparison buttons, above the facts. */
export function llmTab(llm: LlmCall, actions: HTMLElement | null = null): HTMLElement {
  const t = llm.tokens;
  const p = llm.params;
  const params = [
    p.temperature !== undefined && `temperature ${p.temperature}`,
    p.topP !== undefined && `top_p ${p.topP}`,
    p.topK !== undefined && `top_k ${p.topK}`,
    p.maxTokens !== undefined && `max_tokens ${p.maxTokens}`,
    p.seed !== undefined && `seed ${p.seed}`,
    p.frequencyPenalty !== undefined && `frequency_penalty ${p.frequencyPenalty}`,
    p.presencePenalty !== undefined && `presence_penalty ${p.presencePenalty}`,
    p.stopSequences?.length && `stop ${JSON.stringify(p.stopSequences)}`,
    p.stream !== undefined && `stream ${p.stream}`,
  ].filter((x): x is string => typeof x === 'string');
  const gpu = llm.gpu;
  const chat = el('div', { class: 'chat' });
  if (llm.systemInstructions.length) chat.append(message({ role: 'system', parts: llm.systemInstructions }));
  llm.inputMessages.forEach((m) => chat.append(message(m)));
  if (!llm.inputMessages.length && llm.rawInput) chat.append(el('div', { class: 'part-label', text: 'Input (raw)' }), textBlock(llm.rawInput, 'code'));
  if (llm.outputMessages.length || llm.rawOutput) chat.append(el('div', { class: 'chat-divider', text: 'Output' }));
  llm.outputMessages.forEach((m) => chat.append(message(m)));
  if (!llm.outputMessages.length && llm.rawOutput) chat.append(textBlock(llm.rawOutput, 'code'));
  if (!chat.childElementCount) chat.append(el('p', { class: 'muted', text: 'No message content was recorded for this call (many instrumentations need content capture turned on).' }));

  return el(
    'div',
    { class: 'llm-tab' },
    actions,
    facts([
      ['Operation', llm.operation],
      ['Provider', llm.provider],
      ['Request model', llm.requestModel],
      ['Response model', llm.responseModel],
      ['Parameters', params.join(', ')],
      ['Tokens in', num(t.input)],
      ['Tokens out', num(t.output)],
      ['Cached input', num(t.cachedInput)],
      ['Cache creation', num(t.cacheCreation)],
      ['Reasoning', num(t.reasoning)],
      ['Total tokens', num(t.total)],
      ['Cost', `${formatUsd(llm.cost.usd)} (${llm.cost.source}${llm.cost.detail ? `: ${llm.cost.detail}` : ''})`],
      ['Latency', formatDuration(llm.durationMs)],
      ['Time to first token', llm.ttftMs === undefined ? undefined : formatDuration(llm.ttftMs)],
      ['Finish reasons', llm.finishReasons.join(', ')],
      [
        'GPU',
        gpu &&
          [
            gpu.device,
            gpu.utilizationAvg !== undefined && `util avg ${gpu.utilizationAvg.toFixed(0)}%`,
            gpu.utilizationPeak !== undefined && `peak ${gpu.utilizationPeak.toFixed(0)}%`,
            gpu.memoryPeakMiB !== undefined && `mem peak ${gpu.memoryPeakMiB.toFixed(0)} MiB`,
            `${gpu.samples} sample${gpu.samples === 1 ? '' : 's'}`,
          ]
            .filter(Boolean)
            .join(' · '),
      ],
      ['Conventions', llm.conventions.join(', ')],
    ]),
    chat,
  );
}

export function toolTab(tool: NonNullable<LlmCall['tool']>): HTMLElement {
  return el(
    'div',
    { class: 'tool-tab' },
    facts([
      ['Tool', tool.name],
      ['Call id', tool.callId],
    ]),
    tool.arguments !== undefined && el('div', { class: 'part-label', text: 'Arguments' }),
    tool.arguments !== undefined && textBlock(prettyJson(tool.arguments), 'code'),
    tool.result !== undefined && el('div', { class: 'part-label', text: 'Result' }),
    tool.result !== undefined && textBlock(prettyJson(tool.result), 'code'),
  );
}
