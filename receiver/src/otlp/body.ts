// Reads a request body with a hard cap on its inflated size. Decompression is streamed and
// stopped at the cap, so a compression bomb costs at most `limit` bytes of memory.
import type { IncomingMessage } from 'node:http';
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { ReceiverError } from './errors';

function decompressor(encoding: string): zlib.Gunzip | zlib.Inflate | null {
  switch (encoding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    default:
      throw new ReceiverError('unsupported-media', `unsupported Content-Encoding "${encoding}" (use gzip or none)`);
  }
}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
  const inflate = decompressor(encoding);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new ReceiverError('too-large', `request body of ${declared} bytes exceeds the limit of ${limit} bytes`);
  }
  const source: Readable = inflate ? req.pipe(inflate) : req;
  // Listeners rather than async iteration: leaving a for-await loop destroys the request, and
  // the client would then never read our 413. The caller discards what is left of the body.
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (err: ReceiverError): void => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
      if (inflate) {
        req.unpipe(inflate);
        inflate.destroy();
      } else {
        req.pause();
      }
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        const what = inflate ? `${encoding} body inflates past` : 'request body exceeds';
        stop(new ReceiverError('too-large', `${what} the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      source.off('data', onData);
      source.off('error', onError);
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error): void => {
      stop(
        inflate
          ? new ReceiverError('bad-data', `invalid ${encoding} body: ${err.message}`)
          : new ReceiverError('bad-data', `could not read request body: ${err.message}`),
      );
    };
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', onError);
  });
}
