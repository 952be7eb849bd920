// @arizeai/openinference-instrumentation-openai: OpenInference flattened llm.* attributes,
// input.value / output.value, llm.token_count.*; content on by default.
'use strict';
const { runInstrumentedOpenAi } = require('./otel.cjs');

runInstrumentedOpenAi({
  service: 'js-openinference-openai',
  instrumentation: () => new (require('@arizeai/openinference-instrumentation-openai').OpenAIInstrumentation)(),
});
