// @traceloop/instrumentation-openai (OpenLLMetry JS): flattened gen_ai.prompt.* /
// gen_ai.completion.* span attributes, llm.request.type; content on by default (traceContent).
'use strict';
const { runInstrumentedOpenAi } = require('./otel.cjs');

runInstrumentedOpenAi({
  service: 'js-traceloop-openai',
  instrumentation: () => new (require('@traceloop/instrumentation-openai').OpenAIInstrumentation)({ traceContent: true }),
});
