'use client';
// Forms of the replies settings page: a canned reply (new or edited) and the agent's signature.
import { useActionState, useEffect, useRef } from 'react';
import { Field, TextAreaField } from '@/app/_components/field';
import { ActionFeedback } from '@/app/_components/form-message';
import { HiddenFields } from '@/app/_components/hidden-fields';
import { SubmitButton } from '@/app/_components/submit-button';
import { saveCannedReplyAction, saveSignatureAction } from './actions';

export function CannedReplyForm({ slug, reply }: { slug: string; reply?: { id: string; name: string; body: string } }) {
  const [state, action] = useActionState(saveCannedReplyAction, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok && !reply) formRef.current?.reset();
  }, [state, reply]);
  const key = reply?.id ?? 'new';
  const nameError = state && !state.ok ? state.fieldErrors.name : undefined;
  return (
    <form ref={formRef} action={action} className="space-y-3" data-testid={`canned-form-${reply ? 'edit' : 'new'}`}>
      <HiddenFields values={{ slug, id: reply?.id ?? '' }} />
      <Field id={`canned-name-${key}`} label="Name" name="name" required defaultValue={reply?.name} error={nameError} />
      <TextAreaField id={`canned-body-${key}`} label="Text" name="body" required rows={5} defaultValue={reply?.body} />
      {nameError ? null : <ActionFeedback state={state} />}
      <SubmitButton variant={reply ? 'secondary' : 'primary'} pendingText="Saving…">
        {reply ? 'Save changes' : 'Add canned reply'}
      </SubmitButton>
    </form>
  );
}

export function SignatureForm({ slug, signature }: { slug: string; signature: string | null }) {
  const [state, action] = useActionState(saveSignatureAction, null);
  return (
    <form action={action} className="space-y-3">
      <HiddenFields values={{ slug }} />
      <TextAreaField id="signature" label="Your signature" name="signature" rows={3} defaultValue={signature ?? ''} />
      <ActionFeedback state={state} success="Signature saved." />
      <SubmitButton variant="secondary" pendingText="Saving…">
        Save signature
      </SubmitButton>
    </form>
  );
}
