// @arizeai/openinference-instrumentation-openai: OpenInference flattened llm.* attributes,
// input.value / output.value, llm.token_count.*; content on by default.
'use strict';
const { parseArgs, setUpOtel, runOpenAiScenarios } = require('./otel.cjs');

const args = parseArgs();
const otel = setUpOtel({ service: 'js-openinference-openai', protocol: args.protocol, endpoint: args.endpoint });
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { OpenAIInstrumentation } = require('@arizeai/openinference-instrumentation-openai');
registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] });

const { OpenAI } = require('openai');

(async () => {
  const client = new OpenAI({ baseURL: args.openaiBaseUrl, apiKey: 'sk-test-not-a-real-key', maxRetries: 0 });
  const traces = await runOpenAiScenarios(otel, client);
  await otel.shutdown();
  process.stdout.write(`${JSON.stringify({ traces })}\n`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
