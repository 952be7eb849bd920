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
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        const what = inflate ? `${encoding} body inflates past` : 'request body exceeds';
        throw new ReceiverError('too-large', `${what} the limit of ${limit} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (inflate) {
      req.unpipe(inflate);
      inflate.destroy();
    }
    if (err instanceof ReceiverError) throw err;
    if (inflate) throw new ReceiverError('bad-data', `invalid ${encoding} body: ${(err as Error).message}`);
    throw new ReceiverError('bad-data', `could not read request body: ${(err as Error).message}`);
  }
  return Buffer.concat(chunks, size);
}
