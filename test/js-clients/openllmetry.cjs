// @traceloop/instrumentation-openai (OpenLLMetry JS): flattened gen_ai.prompt.* /
// gen_ai.completion.* span attributes, llm.request.type; content on by default (traceContent).
'use strict';
const { parseArgs, setUpOtel, runOpenAiScenarios } = require('./otel.cjs');

const args = parseArgs();
const otel = setUpOtel({ service: 'js-traceloop-openai', protocol: args.protocol, endpoint: args.endpoint });
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { OpenAIInstrumentation } = require('@traceloop/instrumentation-openai');
registerInstrumentations({ instrumentations: [new OpenAIInstrumentation({ traceContent: true })] });

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
