// The Vercel AI SDK (`ai` 7 with @ai-sdk/openai on Chat Completions) and its @ai-sdk/otel
// telemetry integrations: `legacy` = LegacyOpenTelemetry (ai.generateText → .doGenerate spans,
// ai.* attributes), `genai` = OpenTelemetry (invoke_agent → step → chat spans, gen_ai.*).
// Usage: vercel-ai.mjs PROTOCOL OTLP_ENDPOINT OPENAI_BASE_URL legacy|genai
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { parseArgs, setUpOtel, weather } = require('./otel.cjs');

const args = parseArgs();
const mode = process.argv[5] ?? 'legacy';
if (mode !== 'legacy' && mode !== 'genai') throw new Error(`mode ${mode}: legacy or genai`);
const otel = setUpOtel({ service: `js-vercel-ai-${mode}`, protocol: args.protocol, endpoint: args.endpoint });

const { embed, generateText, isStepCount, registerTelemetry, streamText, tool } = await import('ai');
const { LegacyOpenTelemetry, OpenTelemetry } = await import('@ai-sdk/otel');
const { createOpenAI } = await import('@ai-sdk/openai');
const { z } = await import('zod');

// Telemetry is on once an integration is registered (ai 7); `telemetry` replaces v6's
// `experimental_telemetry` and is spelled out here to show the switch.
registerTelemetry(mode === 'legacy' ? new LegacyOpenTelemetry() : new OpenTelemetry());
const telemetry = { isEnabled: true, recordInputs: true, recordOutputs: true };

const openai = createOpenAI({ baseURL: args.openaiBaseUrl, apiKey: 'sk-test-not-a-real-key' });
const model = openai.chat('gpt-4o-mini');

const traces = {};
traces.generate = await otel.root('scenario generate', async () => {
  await generateText({
    model,
    system: 'You are terse.',
    prompt: 'Say hello to the trace lens',
    temperature: 0.2,
    maxOutputTokens: 64,
    telemetry: { ...telemetry, functionId: 'greeter' },
  });
});
traces.stream = await otel.root('scenario stream', async () => {
  const result = streamText({ model, prompt: 'Stream a short greeting', telemetry });
  let text = '';
  for await (const delta of result.textStream) text += delta;
  if (!text.startsWith('Echo:')) throw new Error(`unexpected streamed text ${text}`);
});
traces.tools = await otel.root('scenario tools', async () => {
  await generateText({
    model,
    prompt: 'What is the weather in Paris?',
    tools: {
      get_weather: tool({
        description: 'Current weather in a city',
        inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) => JSON.parse(weather({ city })),
      }),
    },
    stopWhen: isStepCount(2),
    telemetry,
  });
});
traces.embed = await otel.root('scenario embed', async () => {
  await embed({ model: openai.embedding('text-embedding-3-small'), value: 'the trace lens', telemetry });
});
await otel.shutdown();
process.stdout.write(`${JSON.stringify({ traces })}\n`);
