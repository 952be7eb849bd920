// Reads an OTLP/JSON file for import: JSON Lines (one export request per line, as the Collector's
// file exporter writes) or one whole, possibly pretty-printed, document. Reports bytes read so a
// progress bar can move on large files. Plain Node.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import readline from 'node:readline';

export type OtlpSignal = 'traces' | 'logs' | 'metrics';

export interface OtlpDocument {
  /** 1-based line where the document starts. */
  line: number;
  text: string;
  signal: OtlpSignal | null;
}

export function signalOf(text: string): OtlpSignal | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null) return null;
  if ('resourceSpans' in doc) return 'traces';
  if ('resourceLogs' in doc) return 'logs';
  if ('resourceMetrics' in doc) return 'metrics';
  return null;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  lines: number;
}

/**
 * Yields each document of the file. A first non-empty line that is not JSON on its own means the
 * file is one document spread over many lines.
 */
export async function* otlpDocuments(file: string, onProgress: (p: ImportProgress) => void = () => {}): AsyncGenerator<OtlpDocument> {
  const totalBytes = (await stat(file)).size;
  const input = createReadStream(file, 'utf8');
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  let lines = 0;
  let yielded = 0;
  let whole: string[] | null = null;
  try {
    for await (const raw of rl) {
      lines++;
      onProgress({ bytesRead: input.bytesRead, totalBytes, lines });
      if (whole) {
        whole.push(raw);
        continue;
      }
      const text = raw.trim();
      if (!text) continue;
      if (yielded === 0 && !isJson(text)) {
        whole = [raw];
        continue;
      }
      yielded++;
      yield { line: lines, text, signal: signalOf(text) };
    }
    if (whole) {
      const text = whole.join('\n');
      yield { line: 1, text, signal: signalOf(text) };
    }
  } finally {
    rl.close();
    input.destroy();
  }
}

export interface ImportResult {
  sent: Record<OtlpSignal, number>;
  skipped: number;
  cancelled: boolean;
}

/** Sends every OTLP document of `file` with `post`; stops between documents when `cancelled()`. */
export async function importOtlpFile(
  file: string,
  post: (signal: OtlpSignal, body: string) => Promise<void>,
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
