// One map from what went wrong to what OTLP clients understand. Clients retry only 429/502/503/504
// (HTTP) and UNAVAILABLE (gRPC), so only transient conditions may map there.
import { status as GrpcStatus } from '@grpc/grpc-js';

export type FailureKind =
  | 'bad-data' // undecodable body, wrong shape
  | 'unsupported-media' // content type or encoding we do not speak
  | 'too-large' // body over the limit, before or after inflating
  | 'saturated' // store queue full: retry later
  | 'not-found'
  | 'method-not-allowed'
  | 'internal';

export class ReceiverError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** Seconds a client should wait before retrying (saturated only). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ReceiverError';
  }
}

const HTTP_STATUS: Record<FailureKind, number> = {
  'bad-data': 400,
  'unsupported-media': 415,
  'too-large': 413,
  saturated: 503,
  'not-found': 404,
  'method-not-allowed': 405,
  internal: 500,
};

const GRPC_CODE: Record<FailureKind, GrpcStatus> = {
  'bad-data': GrpcStatus.INVALID_ARGUMENT,
  'unsupported-media': GrpcStatus.UNIMPLEMENTED,
  'too-large': GrpcStatus.RESOURCE_EXHAUSTED,
  saturated: GrpcStatus.UNAVAILABLE,
  'not-found': GrpcStatus.NOT_FOUND,
  'method-not-allowed': GrpcStatus.UNIMPLEMENTED,
  internal: GrpcStatus.INTERNAL,
};

export function httpStatusOf(kind: FailureKind): number {
  return HTTP_STATUS[kind];
}

export function grpcCodeOf(kind: FailureKind): GrpcStatus {
  return GRPC_CODE[kind];
}

export function asReceiverError(err: unknown): ReceiverError {
  if (err instanceof ReceiverError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ReceiverError('internal', message);
}
