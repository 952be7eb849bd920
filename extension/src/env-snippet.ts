// The OTEL_* environment that points an app at the receiver, as terminal variables and as
// snippets to paste. Pure.

export type SnippetKind = 'shell' | 'python' | 'node' | 'dotenv';

export const SNIPPET_KINDS: { kind: SnippetKind; label: string; detail: string }[] = [
  { kind: 'shell', label: 'Shell export', detail: 'export OTEL_… lines for bash, zsh' },
  { kind: 'python', label: 'Python', detail: 'os.environ lines before the SDK starts' },
  { kind: 'node', label: 'Node.js', detail: 'process.env lines before the SDK starts' },
  { kind: 'dotenv', label: '.env file', detail: 'KEY=value lines' },
];

/** The variables every OpenTelemetry SDK reads; http/protobuf so gRPC-default SDKs use :4318 too. */
export function otelEnvironment(httpEndpoint: string): Record<string, string> {
  return { OTEL_EXPORTER_OTLP_ENDPOINT: httpEndpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' };
}

export function envSnippet(kind: SnippetKind, httpEndpoint: string): string {
  const vars = Object.entries(otelEnvironment(httpEndpoint));
  const lines = vars.map(([k, v]) => {
    switch (kind) {
      case 'shell':
        return `export ${k}=${v}`;
      case 'python':
        return `os.environ["${k}"] = "${v}"`;
      case 'node':
        return `process.env.${k} = '${v}';`;
      case 'dotenv':
        return `${k}=${v}`;
    }
  });
  if (kind === 'python') lines.unshift('import os');
  return lines.join('\n') + '\n';
}
