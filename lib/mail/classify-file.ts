// `message classify <file.eml>`: parse and classify one file, no side effects (classify-files.ts runs
// it over many). A message that cannot be parsed answers verdict 'quarantined' with the parse failure
// as its reason, which is what a sync run would record for it; kind and the header fields are then null.
import { readFile } from 'node:fs/promises';
import { AppError } from '@/lib/errors';
import { classifyMessage, type ClassifyContext } from './classify';
import { parseMessage, type ParseOptions } from './parse';
import type { MessageKind } from './types';

export type ClassifiedFile = {
  verdict: 'auto-generated' | 'normal' | 'quarantined';
  kind: MessageKind | null;
  reason: string;
  subject: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  referencedMessageIds?: string[];
  failedRecipients?: string[];
  /** Bounces only: recipients merely delayed, failed or delayed, the status code and the server's words. */
  delayedRecipients?: string[];
  deliveryAction?: 'failed' | 'delayed';
  bounceStatus?: string | null;
  bounceDiagnostic?: string | null;
};

export async function classifyFile(
  path: string,
  ctx: ClassifyContext = {},
  opts: ParseOptions = {},
): Promise<ClassifiedFile> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOENT' ? 'not_found' : 'bad_request', `Cannot read ${path}: ${code ?? 'unreadable'}`);
  }
  const parsed = await parseMessage(raw, opts);
  if (!parsed.ok) {
    return {
      verdict: 'quarantined',
      kind: null,
      reason: parsed.reason,
      subject: null,
      messageId: null,
      inReplyTo: null,
      references: [],
    };
  }
  const msg = parsed.message;
  const c = classifyMessage(msg, ctx);
  return {
    verdict: c.verdict,
    kind: c.kind,
    reason: c.reason,
    subject: msg.subject,
    messageId: msg.messageId ?? null,
    inReplyTo: msg.inReplyTo ?? null,
    references: msg.references,
    ...(c.referencedMessageIds ? { referencedMessageIds: c.referencedMessageIds } : {}),
    ...(c.failedRecipients ? { failedRecipients: c.failedRecipients } : {}),
    ...(c.kind === 'bounce'
      ? {
          delayedRecipients: c.delayedRecipients ?? [],
          deliveryAction: c.deliveryAction ?? 'failed',
          bounceStatus: c.bounceStatus ?? null,
          bounceDiagnostic: c.bounceDiagnostic ?? null,
        }
      : {}),
  };
}
