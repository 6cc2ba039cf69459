// Server-Sent Events read off a response body as they arrive, for the live-feed test and the live benchmark:
// each blank-line-separated block becomes one message with its `event`, `id` and joined `data` lines.
// Comment-only blocks (keep-alives) are not messages.

export type SseMessage = { event: string; id?: string; data: string };

/** Calls `onMessage` for each message until the stream ends; resolves then. */
export async function readSseMessages(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  onMessage: (message: SseMessage) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let i;
    while ((i = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      const message: SseMessage = { event: 'message', data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) message.event = line.slice(7);
        else if (line.startsWith('id: ')) message.id = line.slice(4);
        else if (line.startsWith('data: ')) message.data += line.slice(6);
      }
      if (message.data || message.event !== 'message') onMessage(message);
    }
  }
}
