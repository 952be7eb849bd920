// @opentelemetry/instrumentation-openai: OTel GenAI semantic conventions (v1.36 for Chat
// Completions: span attributes plus gen_ai.* log events carrying the content).
'use strict';
const { parseArgs, setUpOtel, runOpenAiScenarios } = require('./otel.cjs');

const args = parseArgs();
process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';
const otel = setUpOtel({ service: 'js-otel-openai', protocol: args.protocol, endpoint: args.endpoint, withLogs: true });
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');
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
