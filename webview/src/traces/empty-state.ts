// What the list shows before the first trace: exactly how to point an app at this receiver.
import { button } from '../controls';
import { el } from '../dom';
import type { ReceiverInfo, WebviewToHost } from '../protocol';

interface Snippet {
  what: string;
  title: string;
  text: string;
}

export function snippets(r: ReceiverInfo): Snippet[] {
  const env = `OTEL_EXPORTER_OTLP_ENDPOINT=${r.httpEndpoint}\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`;
  return [
    { what: 'environment', title: 'Any OpenTelemetry SDK: set', text: env.split('\n').map((l) => `export ${l}`).join('\n') },
    {
      what: 'python',
      title: 'Python (OpenAI calls via opentelemetry-instrumentation-openai-v2)',
      text: [
        'pip install opentelemetry-distro opentelemetry-exporter-otlp opentelemetry-instrumentation-openai-v2',
        ...env.split('\n').map((l) => `export ${l}`),
        'export OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true',
        'OTEL_SERVICE_NAME=my-agent opentelemetry-instrument python app.py',
      ].join('\n'),
    },
    {
      what: 'node',
      title: 'Node.js (@opentelemetry/sdk-node): tracing.mjs, run with node --import ./tracing.mjs app.js',
      text: [
        '// npm install @opentelemetry/sdk-node @opentelemetry/instrumentation-openai',
        "import { NodeSDK } from '@opentelemetry/sdk-node';",
        "import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';",
        '',
        '// Reads OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_PROTOCOL from the environment.',
        'new NodeSDK({ instrumentations: [new OpenAIInstrumentation()] }).start();',
      ].join('\n'),
    },
  ];
}

export function emptyState(r: ReceiverInfo, post: (m: WebviewToHost) => void): HTMLElement {
  return el(
    'div',
    { class: 'empty-state' },
    el('p', { class: 'empty-title', text: 'No traces yet.' }),
    el('p', { text: `Send OpenTelemetry traces to ${r.httpEndpoint} (OTLP/HTTP)${r.grpcEndpoint ? ` or ${r.grpcEndpoint} (OTLP/gRPC)` : ''}.` }),
    ...snippets(r).map((s) =>
      el(
        'section',
        { class: 'snippet', attrs: { 'data-snippet': s.what } },
        el(
          'div',
          { class: 'snippet-head' },
          el('span', { text: s.title }),
          button('Copy', () => post({ type: 'copy', text: s.text, what: s.what }), `Copy the ${s.what} snippet`),
        ),
        el('pre', { class: 'code', text: s.text }),
      ),
    ),
  );
}
