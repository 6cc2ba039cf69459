'use client';
// The mailbox's reply template (wraps agents' replies), with a live preview.
import { useActionState, useState } from 'react';
import { SubmitButton } from '@/app/_components/submit-button';
import { DEFAULT_REPLY_TEMPLATE, renderReplyTemplate, replyTemplateProblem } from '@/lib/cases/render-reply-template';
import { CheckboxField } from '../_components/checkbox-field';
import { FormOutcome } from '../_components/form-outcome';
import { MailboxRefFields } from '../_components/mailbox-ref';
import { TemplateField, TemplatePreview } from '../_components/template-field';
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
      <MailboxRefFields slug={slug} mailboxId={mailboxId} />
      <div className="space-y-3">
        <CheckboxField name="enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)}>
          Wrap agents’ replies (greeting and sign-off)
        </CheckboxField>
        <TemplateField
          id="reply-template"
          label="Text around each reply"
          name="replyTemplate"
          rows={9}
          value={text}
          disabled={!enabled}
          onChange={(e) => setText(e.target.value)}
          hint={
            <>
              {'{{reply}}'} is where the agent’s text (and signature) goes. Placeholders: {'{{requester.name}}'},{' '}
              {'{{requester.first_name}}'}, {'{{requester.email}}'}, {'{{case.number}}'}, {'{{case.subject}}'},{' '}
              {'{{agent.name}}'}, {'{{mailbox.name}}'}. Plain text.
            </>
          }
        />
        <FormOutcome state={state} error={problem} savedTestId="reply-template-saved" />
        <SubmitButton pendingText="Saving…">Save reply template</SubmitButton>
      </div>
      <TemplatePreview label="Reply preview" text={preview} textTestId="reply-preview-text" />
    </form>
  );
}
