'use client';
// The mailbox's reply template (wraps agents' replies), with a live preview.
import { useActionState, useState } from 'react';
import { CheckboxField, TextAreaField } from '@/app/_components/field';
import { ActionFeedback, FormError } from '@/app/_components/form-message';
import { HiddenFields } from '@/app/_components/hidden-fields';
import { SubmitButton } from '@/app/_components/submit-button';
import { DEFAULT_REPLY_TEMPLATE, renderReplyTemplate, replyTemplateProblem } from '@/lib/cases/render-reply-template';
import { useCheckbox } from '../_components/use-checkbox';
import { TEMPLATE_TEXT_CLASS, TemplatePreview } from '../_components/template-preview';
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
  const enabled = useCheckbox(template !== null);
  const [text, setText] = useState(template ?? DEFAULT_REPLY_TEMPLATE);
  const problem = enabled.checked ? replyTemplateProblem(text) : null;
  const preview = enabled.checked
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
      <HiddenFields values={{ slug, mailboxId }} />
      <div className="space-y-3">
        <CheckboxField name="enabled" label="Wrap agents’ replies (greeting and sign-off)" {...enabled} />
        <TextAreaField
          id="reply-template"
          label="Text around each reply"
          name="replyTemplate"
          rows={9}
          value={text}
          disabled={!enabled.checked}
          onChange={(e) => setText(e.target.value)}
          className={TEMPLATE_TEXT_CLASS}
          hint="{{reply}} is where the agent’s text (and signature) goes. Placeholders: {{requester.name}}, {{requester.first_name}}, {{requester.email}}, {{case.number}}, {{case.subject}}, {{agent.name}}, {{mailbox.name}}. Plain text."
        />
        {problem ? (
          <FormError message={problem} />
        ) : (
          <ActionFeedback state={state} success={<span data-testid="reply-template-saved">Saved.</span>} />
        )}
        <SubmitButton pendingText="Saving…">Save reply template</SubmitButton>
      </div>
      <TemplatePreview label="Reply preview" text={preview} textTestId="reply-preview-text" />
    </form>
  );
}
