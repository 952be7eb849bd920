// protobufjs types for the OTLP messages, built once from the schema text.
import protobuf from 'protobufjs';
import { OTLP_PROTO } from './schema';

const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;
const type = (name: string): protobuf.Type => root.lookupType(`otlp.${name}`);

export const Proto = {
  ExportTraceServiceRequest: type('ExportTraceServiceRequest'),
  ExportTraceServiceResponse: type('ExportTraceServiceResponse'),
  ExportLogsServiceRequest: type('ExportLogsServiceRequest'),
  ExportLogsServiceResponse: type('ExportLogsServiceResponse'),
  ExportMetricsServiceRequest: type('ExportMetricsServiceRequest'),
  ExportMetricsServiceResponse: type('ExportMetricsServiceResponse'),
  TracesData: type('TracesData'),
  RpcStatus: type('RpcStatus'),
  RetryInfo: type('RetryInfo'),
} as const;

export type Signal = 'traces' | 'logs' | 'metrics';

export const REQUEST_TYPE: Record<Signal, protobuf.Type> = {
  traces: Proto.ExportTraceServiceRequest,
  logs: Proto.ExportLogsServiceRequest,
  metrics: Proto.ExportMetricsServiceRequest,
};

export const RESPONSE_TYPE: Record<Signal, protobuf.Type> = {
  traces: Proto.ExportTraceServiceResponse,
  logs: Proto.ExportLogsServiceResponse,
  metrics: Proto.ExportMetricsServiceResponse,
};

/** Field name of the rejected-item count in each signal's partial_success. */
export const REJECTED_FIELD: Record<Signal, string> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
};

export interface PartialSuccess {
  rejected: number;
  errorMessage: string;
}

/** The export response body, protobuf; an unset partial_success when nothing was rejected. */
export function encodeResponseProto(signal: Signal, partial: PartialSuccess | null): Uint8Array {
  const T = RESPONSE_TYPE[signal];
  const body = partial
    ? { partialSuccess: { [REJECTED_FIELD[signal]]: partial.rejected, errorMessage: partial.errorMessage } }
    : {};
  return T.encode(T.fromObject(body)).finish();
}

/** The export response body as OTLP/JSON (int64 as a decimal string). */
export function encodeResponseJson(signal: Signal, partial: PartialSuccess | null): string {
  if (!partial) return '{}';
  return JSON.stringify({
    partialSuccess: { [REJECTED_FIELD[signal]]: String(partial.rejected), errorMessage: partial.errorMessage },
  });
}

const RETRY_INFO_URL = 'type.googleapis.com/google.rpc.RetryInfo';

export function encodeRetryInfo(seconds: number): Uint8Array {
  return Proto.RetryInfo.encode(Proto.RetryInfo.fromObject({ retryDelay: { seconds, nanos: 0 } })).finish();
}

/** google.rpc.Status, optionally carrying a RetryInfo detail. */
export function encodeRpcStatus(code: number, message: string, retryAfterSeconds?: number): Uint8Array {
  const details =
    retryAfterSeconds === undefined ? [] : [{ typeUrl: RETRY_INFO_URL, value: encodeRetryInfo(retryAfterSeconds) }];
  return Proto.RpcStatus.encode(Proto.RpcStatus.fromObject({ code, message, details })).finish();
}
