// Imports an OTLP/JSON file into the receiver, document by document, with progress and
// cancellation. The file is read by the same reader the CLI's `import` uses. Plain Node.
import type { Signal } from '../../receiver/src/otlp/proto';
import { otlpDocuments, type ReadProgress } from '../../receiver/src/otlp/otlp-file';

export type ImportProgress = ReadProgress;

export interface ImportResult {
  sent: Record<Signal, number>;
  skipped: number;
  cancelled: boolean;
}

/** Sends every OTLP document of `file` with `post`; stops between documents when `cancelled()`. */
export async function importOtlpFile(
  file: string,
  post: (signal: Signal, body: string) => Promise<void>,
  onProgress: (p: ImportProgress & { documents: number }) => void,
  cancelled: () => boolean = () => false,
): Promise<ImportResult> {
  const result: ImportResult = { sent: { traces: 0, logs: 0, metrics: 0 }, skipped: 0, cancelled: false };
  let documents = 0;
  let last: ImportProgress = { bytesRead: 0, totalBytes: 0, lines: 0 };
  for await (const doc of otlpDocuments(file, (p) => (last = p))) {
    if (cancelled()) {
      result.cancelled = true;
      break;
    }
    if (!doc.signal) {
      result.skipped++;
      continue;
    }
    try {
      await post(doc.signal, doc.text);
    } catch (err) {
      throw new Error(`line ${doc.line}: ${(err as Error).message}`);
    }
    result.sent[doc.signal]++;
    documents++;
    onProgress({ ...last, documents });
  }
  return result;
}
