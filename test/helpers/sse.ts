// Reads the receiver's Server-Sent Events stream in tests: waits for the next event of a type.
import type { StreamEvent } from '../../receiver/src/contract/api';

export interface EventReader {
  next(type: StreamEvent['type']): Promise<StreamEvent>;
  close(): Promise<void>;
}

export async function eventStream(base: string): Promise<EventReader> {
  const res = await fetch(`${base}/api/events`);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(type) {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          const ev = data ? (JSON.parse(data.slice(6)) as StreamEvent) : null;
          if (ev?.type === type) return ev;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += value;
      }
    },
    close: () => reader.cancel(),
  };
}
