'use client';
// The mailbox's reply template (wraps agents' replies), with a live preview.
import { useActionState, useState } from 'react';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { DEFAULT_REPLY_TEMPLATE, renderReplyTemplate, replyTemplateProblem } from '@/lib/cases/render-reply-template';
import { updateReplyTemplateAction } from './filtering-actions';

export function ReplyTemplateForm({
  slug,
  mailboxId,
  template,
  mailboxName,
}: {
  slug: string;
  mailboxId: string;
  template: string | null;
  mailboxName: string;
}) {
  const [state, action] = useActionState(updateReplyTemplateAction, null);
  const [enabled, setEnabled] = useState(template !== null);
  const [text, setText] = useState(template ?? DEFAULT_REPLY_TEMPLATE);
  const problem = enabled ? replyTemplateProblem(text) : null;
  const preview = enabled
    ? renderReplyTemplate(text, {
        reply: 'Your replacement was sent today; the tracking number follows by email.\n\n-- \nSam, Support team',
        requester: { name: 'Alex Doe', email: 'alex@example.com' },
        caseNumber: 1042,
        subject: 'My order has not arrived',
        agentName: 'Sam Lee',
        mailboxName,
      })
    : 'Your replacement was sent today; the tracking number follows by email.\n\n-- \nSam, Support team';
  return (
    <form action={action} className="grid gap-4 lg:grid-cols-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="mailboxId" value={mailboxId} />
      <div className="space-y-3">
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="enabled"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
            className="h-4 w-4"
          />
          Wrap agents’ replies (greeting and sign-off)
        </label>
        <div>
          <label htmlFor="reply-template" className="block text-sm font-medium text-slate-800">
            Text around each reply
          </label>
          <textarea
            id="reply-template"
            name="replyTemplate"
            rows={9}
            value={text}
            disabled={!enabled}
            onChange={(e) => setText(e.target.value)}
            className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs disabled:bg-slate-50"
            aria-describedby="reply-template-hint"
          />
          <p id="reply-template-hint" className="mt-1 text-xs text-slate-500">
            {'{{reply}}'} is where the agent’s text (and signature) goes. Placeholders: {'{{requester.name}}'},{' '}
            {'{{requester.first_name}}'}, {'{{requester.email}}'}, {'{{case.number}}'}, {'{{case.subject}}'},{' '}
            {'{{agent.name}}'}, {'{{mailbox.name}}'}. Plain text.
          </p>
        </div>
        <FormError message={problem ?? (state && !state.ok ? state.error : null)} />
        {state?.ok ? (
          <p role="status" className="text-sm text-emerald-800" data-testid="reply-template-saved">
            Saved.
          </p>
        ) : null}
        <SubmitButton pendingText="Saving…">Save reply template</SubmitButton>
      </div>
      <section aria-label="Reply preview" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Preview</p>
        <pre className="mt-2 whitespace-pre-wrap break-words font-sans text-slate-800" data-testid="reply-preview-text">
          {preview}
        </pre>
      </section>
    </form>
  );
}
