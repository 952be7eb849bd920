// A small fake of the OpenAI HTTP API (Chat Completions, streaming included, and Embeddings),
// so that real Python instrumentations can wrap the real `openai` client without a network.
// Answers are deterministic and echo the prompt; every request and answer is recorded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Dated model ids, as the real API answers for an alias. */
export const RESPONSE_MODELS: Record<string, string> = {
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4o': 'gpt-4o-2024-08-06',
};

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
}

export interface RecordedCall {
  path: string;
  /** The `x-test-run` request header: lets concurrent clients find their own calls. */
  run?: string;
  body: Record<string, unknown>;
  /** What the answer carried: its model, text, tool calls, finish reason and usage. */
  answer: {
    model: string;
    content?: string;
    toolCalls?: { id: string; name: string; arguments: string }[];
    finishReason?: string;
    usage: FakeUsage;
    stream: boolean;
  };
}

export interface FakeOpenAi {
  /** Base URL for the `openai` client: `http://127.0.0.1:PORT/v1`. */
  baseUrl: string;
  port: number;
  calls: RecordedCall[];
  stop(): Promise<void>;
}

/** Deterministic "tokens": words and punctuation, plus a few per message, like a chat template. */
export function countTokens(text: string): number {
  return (text.match(/\w+|[^\s\w]/g) ?? []).length;
}

interface ChatMessage {
  role?: string;
  content?: unknown;
  tool_calls?: unknown[];
  tool_call_id?: string;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join(' ');
  }
  return '';
}

/** Arguments the fake "model" picks for a tool: every string parameter gets "Paris". */
function toolArguments(tool: unknown): string {
  const params = (tool as { function?: { parameters?: { properties?: Record<string, { type?: string }> } } }).function?.parameters;
  const args: Record<string, string> = {};
  for (const [name, schema] of Object.entries(params?.properties ?? {})) if (!schema.type || schema.type === 'string') args[name] = 'Paris';
  return JSON.stringify(args);
}

function chatAnswer(body: Record<string, unknown>): RecordedCall['answer'] {
  const requested = typeof body.model === 'string' ? body.model : 'unknown';
  const model = RESPONSE_MODELS[requested] ?? requested;
  const messages = (Array.isArray(body.messages) ? body.messages : []) as ChatMessage[];
  const last = messages[messages.length - 1];
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const promptTokens = messages.reduce((n, m) => n + 4 + countTokens(contentText(m.content)), 3);
  const cached = messages.some((m) => m.role === 'system') ? Math.min(8, promptTokens) : 0;
  let content: string | undefined;
  let toolCalls: RecordedCall['answer']['toolCalls'];
  let finishReason: string;
  if (tools.length && last?.role !== 'tool') {
    const fn = (tools[0] as { function?: { name?: string } }).function?.name ?? 'tool';
    toolCalls = [{ id: `call_fake_${messages.length}`, name: fn, arguments: toolArguments(tools[0]) }];
    finishReason = 'tool_calls';
  } else if (last?.role === 'tool') {
    content = `The tool said: ${contentText(last.content)}`;
    finishReason = 'stop';
  } else {
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    content = `Echo: ${contentText(lastUser?.content)}`;
    finishReason = 'stop';
  }
  const completionTokens = content !== undefined ? countTokens(content) : 12;
  return {
    model,
    ...(content !== undefined ? { content } : {}),
    ...(toolCalls ? { toolCalls } : {}),
    finishReason,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: cached },
    },
    stream: body.stream === true,
  };
}

function openAiToolCalls(a: RecordedCall['answer']): unknown[] | undefined {
  return a.toolCalls?.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
}

let counter = 0;

export async function startFakeOpenAi(opts: { chunkDelayMs?: number } = {}): Promise<FakeOpenAi> {
  const chunkDelayMs = opts.chunkDelayMs ?? 15;
  const calls: RecordedCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'bad JSON' } }));
          return;
        }
        const path = (req.url ?? '').split('?')[0]!;
        const run = typeof req.headers['x-test-run'] === 'string' ? { run: req.headers['x-test-run'] } : {};
        const id = `fake-${++counter}`;
        const created = Math.floor(Date.now() / 1000);
        if (req.method === 'POST' && path === '/v1/chat/completions') {
          const answer = chatAnswer(body);
          calls.push({ path, ...run, body, answer });
          if (!answer.stream) {
            const message: Record<string, unknown> = { role: 'assistant', content: answer.content ?? null, refusal: null };
            if (answer.toolCalls) message.tool_calls = openAiToolCalls(answer);
            res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': id });
            res.end(
              JSON.stringify({
                id: `chatcmpl-${id}`,
                object: 'chat.completion',
                created,
                model: answer.model,
                system_fingerprint: 'fp_fake',
                service_tier: 'default',
                choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
                usage: answer.usage,
              }),
            );
            return;
          }
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': id });
          const base = { id: `chatcmpl-${id}`, object: 'chat.completion.chunk', created, model: answer.model, system_fingerprint: 'fp_fake' };
          const send = async (chunk: object): Promise<void> => {
            res.write(`data: ${JSON.stringify({ ...base, ...chunk })}\n\n`);
            await new Promise((r) => setTimeout(r, chunkDelayMs));
          };
          const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
          const usageField = includeUsage ? { usage: null } : {};
          await send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], ...usageField });
          if (answer.content !== undefined) {
            for (const piece of answer.content.match(/\S+\s*/g) ?? []) {
              await send({ choices: [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }], ...usageField });
            }
          }
          answer.toolCalls?.forEach((c, i) => {
            res.write(
              `data: ${JSON.stringify({
                ...base,
                choices: [
                  { index: 0, delta: { tool_calls: [{ index: i, id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }] }, logprobs: null, finish_reason: null },
                ],
                ...usageField,
              })}\n\n`,
            );
          });
          await send({ choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: answer.finishReason }], ...usageField });
          if (includeUsage) await send({ choices: [], usage: answer.usage });
          res.end('data: [DONE]\n\n');
          return;
        }
        if (req.method === 'POST' && path === '/v1/embeddings') {
          const inputs = Array.isArray(body.input) ? body.input : [body.input];
          const model = typeof body.model === 'string' ? body.model : 'unknown';
          const promptTokens = inputs.reduce<number>((n, t) => n + countTokens(typeof t === 'string' ? t : ''), 0);
          const usage = { prompt_tokens: promptTokens, completion_tokens: 0, total_tokens: promptTokens };
          calls.push({ path, ...run, body, answer: { model, usage, stream: false } });
          const dims = typeof body.dimensions === 'number' ? body.dimensions : 8;
          res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': id });
          res.end(
            JSON.stringify({
              object: 'list',
              model,
              data: inputs.map((_t, index) => ({
                object: 'embedding',
                index,
                // The Python client asks for base64 by default; plain floats are accepted too.
                embedding: Array.from({ length: dims }, (_v, k) => Math.round(Math.sin(index + k) * 1000) / 1000),
              })),
              usage: { prompt_tokens: usage.prompt_tokens, total_tokens: usage.total_tokens },
            }),
          );
          return;
        }
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `fake OpenAI has no ${req.method} ${path}`, type: 'invalid_request_error' } }));
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
