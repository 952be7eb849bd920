// OTLP/gRPC: the three Export services, served with grpc-js from raw bytes (no .proto loading):
// requests arrive as Buffers and are decoded by the same path as HTTP, so a decode failure is
// INVALID_ARGUMENT rather than grpc-js's INTERNAL for a throwing deserializer.
import * as grpc from '@grpc/grpc-js';
import { asReceiverError, grpcCodeOf } from './errors';
import { encodeResponseProto, encodeRetryInfo, encodeRpcStatus, type Signal } from './proto';
import type { Ingest } from '../pipeline/ingest';

const SERVICES: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
};

const identity = (b: Buffer): Buffer => b;

function serviceFor(signal: Signal): grpc.ServiceDefinition {
  return {
    Export: {
      path: SERVICES[signal],
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  };
}

export interface GrpcServerHandle {
  port: number;
  close(): Promise<void>;
}

export async function startOtlpGrpc(opts: {
  host: string;
  port: number;
  ingest: Ingest;
  maxBodyBytes: number;
  log: (message: string) => void;
}): Promise<GrpcServerHandle> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': opts.maxBodyBytes,
    'grpc.max_send_message_length': 4 * 1024 * 1024,
  });
  for (const signal of Object.keys(SERVICES) as Signal[]) {
    const handler: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => {
      opts.ingest.export(signal, 'protobuf', call.request).then(
        (partial) => callback(null, Buffer.from(encodeResponseProto(signal, partial))),
        (err: unknown) => {
          const e = asReceiverError(err);
          if (e.kind === 'internal') opts.log(`gRPC export of ${signal} failed: ${e.message}`);
          const code = grpcCodeOf(e.kind);
          const metadata = new grpc.Metadata();
          if (e.retryAfterSeconds !== undefined) {
            // Both forms: grpc-go style status details, and the bare RetryInfo Python reads.
            metadata.set('grpc-status-details-bin', Buffer.from(encodeRpcStatus(code, e.message, e.retryAfterSeconds)));
            metadata.set('google.rpc.retryinfo-bin', Buffer.from(encodeRetryInfo(e.retryAfterSeconds)));
          }
          callback({ code, details: e.message, metadata });
        },
      );
    };
    server.addService(serviceFor(signal), { Export: handler });
  }
  const address = opts.host.includes(':') ? `[${opts.host}]:${opts.port}` : `${opts.host}:${opts.port}`;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    );
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 5000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
