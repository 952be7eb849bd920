// A lowdb adapter whose write is durable and atomic: the JSON goes to a temporary file that is
// fsynced and renamed over the target, so a reader (or a restart after kill -9 or power loss)
// sees the old file or the new one, never a torn one. lowdb's own JSONFile (steno) renames but
// does not fsync, and "acknowledged means on disk" needs the fsync.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Adapter } from 'lowdb';

export class DurableJsonFile<T> implements Adapter<T> {
  constructor(readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return JSON.parse(text) as T;
  }

  async write(data: T): Promise<void> {
    await writeFileDurably(this.file, JSON.stringify(data));
  }
}

export async function writeFileDurably(file: string, text: string): Promise<number> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await fs.open(tmp, 'w');
  let bytes = 0;
  try {
    const buf = Buffer.from(text, 'utf8');
    bytes = buf.length;
    await handle.writeFile(buf);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  await fs.rename(tmp, file);
  return bytes;
}

/** Makes renames and unlinks in a directory durable. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
