// @opentelemetry/instrumentation-openai: OTel GenAI semantic conventions (v1.36 for Chat
// Completions: span attributes plus gen_ai.* log events carrying the content).
'use strict';
const { runInstrumentedOpenAi } = require('./otel.cjs');

process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';
runInstrumentedOpenAi({
  service: 'js-otel-openai',
  withLogs: true,
  instrumentation: () => new (require('@opentelemetry/instrumentation-openai').OpenAIInstrumentation)(),
});
