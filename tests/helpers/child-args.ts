// The child side of warm-children.ts: waits for its arguments (one JSON line on stdin) before it starts work.
import { createInterface } from 'node:readline';

export function argsFromParent(): Promise<string[]> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.once('line', (line) => {
      lines.close();
      resolve(JSON.parse(line) as string[]);
    });
  });
}
