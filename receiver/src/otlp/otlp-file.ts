// Reads an OTLP/JSON file for import, for the CLI and the extension alike: JSON Lines (one export
// request per line, as the Collector's file exporter writes) or one whole, possibly pretty-printed,
// document. Reports bytes read so a progress bar can move on large files.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import readline from 'node:readline';
import type { Signal } from './proto';

export interface OtlpDocument {
  /** 1-based line where the document starts. */
  line: number;
  text: string;
  /** False when the text is not JSON at all (a broken line of a JSON Lines file). */
  json: boolean;
  /** Which export request it is; null for JSON that is none of the three. */
  signal: Signal | null;
}

export interface ReadProgress {
  bytesRead: number;
  totalBytes: number;
  lines: number;
}

function parse(text: string): { json: boolean; signal: Signal | null } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { json: false, signal: null };
  }
  if (typeof doc !== 'object' || doc === null) return { json: true, signal: null };
  if ('resourceSpans' in doc) return { json: true, signal: 'traces' };
  if ('resourceLogs' in doc) return { json: true, signal: 'logs' };
  if ('resourceMetrics' in doc) return { json: true, signal: 'metrics' };
  return { json: true, signal: null };
}

/**
 * Yields each document of the file. A first non-empty line that is not JSON on its own means the
 * file is one document spread over many lines.
 */
export async function* otlpDocuments(file: string, onProgress: (p: ReadProgress) => void = () => {}): AsyncGenerator<OtlpDocument> {
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
      const parsed = parse(text);
      if (yielded === 0 && !parsed.json) {
        whole = [raw];
        continue;
      }
      yielded++;
      yield { line: lines, text, ...parsed };
    }
    if (whole) {
      const text = whole.join('\n');
      yield { line: 1, text, ...parse(text) };
    }
  } finally {
    rl.close();
    input.destroy();
  }
}
