// Replaces a winmail.dat (application/ms-tnef) attachment by what it holds (read-tnef.ts): its
// files become attachments, its body becomes the text or HTML when the message has none of its own.
// A winmail.dat that cannot be read stays attached as it came.
import { createHash } from 'node:crypto';
import { readTnef } from './read-tnef';
import type { ParsedAttachment, ParsedMessage } from './types';

const TNEF_TYPES = new Set(['application/ms-tnef', 'application/vnd.ms-tnef']);
const isTnef = (a: ParsedAttachment) => TNEF_TYPES.has(a.contentType) || /^winmail\.dat$/i.test(a.filename);

export function unpackTnef(message: ParsedMessage): ParsedMessage {
  const tnefPart = message.attachments.find(isTnef);
  if (!tnefPart) return message;
  const tnef = readTnef(tnefPart.content);
  if (!tnef) return message;
  const files: ParsedAttachment[] = tnef.files.map((f) => ({
    filename: f.filename,
    contentType: f.contentType,
    size: f.content.length,
    sha256: createHash('sha256').update(f.content).digest('hex'),
    content: f.content,
    inline: false,
  }));
  const ownText = message.text?.trim() ? message.text : undefined;
  return {
    ...message,
    text: ownText ?? tnef.text ?? message.text,
    html: message.html ?? tnef.html,
    attachments: [...message.attachments.filter((a) => a !== tnefPart), ...files],
  };
}
