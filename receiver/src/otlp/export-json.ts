// A stored trace back to OTLP/JSON (TracesData), grouping spans under their resource and scope.
import type { Resource, Scope, Span } from '../contract/model';

interface JsonScopeSpans {
  scope: Scope;
  spans: Omit<Span, 'resource' | 'scope' | 'service'>[];
}

export interface TracesDataJson {
  resourceSpans: { resource: Resource; scopeSpans: JsonScopeSpans[] }[];
}

export function toTracesData(spans: Span[]): TracesDataJson {
  const resources = new Map<string, { resource: Resource; scopes: Map<string, JsonScopeSpans> }>();
  for (const span of spans) {
    const { resource, scope, service: _service, ...rest } = span;
    const rKey = JSON.stringify(resource);
    let r = resources.get(rKey);
    if (!r) {
      r = { resource, scopes: new Map() };
      resources.set(rKey, r);
    }
    const sKey = JSON.stringify(scope);
    let s = r.scopes.get(sKey);
    if (!s) {
      s = { scope, spans: [] };
      r.scopes.set(sKey, s);
    }
    s.spans.push(rest);
  }
  return {
    resourceSpans: [...resources.values()].map((r) => ({ resource: r.resource, scopeSpans: [...r.scopes.values()] })),
  };
}
