'use client';
// Forms of the replies settings page: a canned reply (new or edited), its delete, and the agent's signature.
import { useActionState, useEffect, useRef } from 'react';
import { Field } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { deleteCannedReplyAction, saveCannedReplyAction, saveSignatureAction } from './actions';

const area =
  'block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:ring-2 focus:ring-indigo-500';

export function CannedReplyForm({ slug, reply }: { slug: string; reply?: { id: string; name: string; body: string } }) {
  const [state, action] = useActionState(saveCannedReplyAction, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok && !reply) formRef.current?.reset();
  }, [state, reply]);
  const key = reply?.id ?? 'new';
  return (
    <form ref={formRef} action={action} className="space-y-3" data-testid={`canned-form-${reply ? 'edit' : 'new'}`}>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="id" value={reply?.id ?? ''} />
      <Field
        id={`canned-name-${key}`}
        label="Name"
        name="name"
        required
        defaultValue={reply?.name}
        error={state && !state.ok ? state.fieldErrors.name : undefined}
      />
      <div className="space-y-1">
        <label htmlFor={`canned-body-${key}`} className="block text-sm font-medium text-slate-800">
          Text
        </label>
        <textarea id={`canned-body-${key}`} name="body" required rows={5} defaultValue={reply?.body} className={area} />
      </div>
      <FormError message={state && !state.ok && !state.fieldErrors.name ? state.error : null} />
      {state?.ok ? (
        <p role="status" className="text-sm text-emerald-800">
          Saved.
        </p>
      ) : null}
      <SubmitButton variant={reply ? 'secondary' : 'primary'} pendingText="Saving…">
        {reply ? 'Save changes' : 'Add canned reply'}
      </SubmitButton>
    </form>
  );
}

export function DeleteCannedReply({ slug, id, name }: { slug: string; id: string; name: string }) {
  const [state, action] = useActionState(deleteCannedReplyAction, null);
  return (
    <form action={action}>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="text-sm text-red-700 hover:underline" aria-label={`Delete ${name}`}>
        Delete
      </button>
      <FormError message={state && !state.ok ? state.error : null} />
    </form>
  );
}

export function SignatureForm({ slug, signature }: { slug: string; signature: string | null }) {
  const [state, action] = useActionState(saveSignatureAction, null);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="slug" value={slug} />
      <label htmlFor="signature" className="block text-sm font-medium text-slate-800">
        Your signature
      </label>
      <textarea id="signature" name="signature" rows={3} defaultValue={signature ?? ''} className={area} />
      <FormError message={state && !state.ok ? state.error : null} />
      {state?.ok ? (
        <p role="status" className="text-sm text-emerald-800">
          Signature saved.
        </p>
      ) : null}
      <SubmitButton variant="secondary" pendingText="Saving…">
        Save signature
      </SubmitButton>
    </form>
  );
}
