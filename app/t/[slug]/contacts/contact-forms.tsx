'use client';
// The forms of the contact and organisation pages: edit a contact, merge another into it, create or
// edit an organisation (its domains one per line or comma-separated).
import { useActionState } from 'react';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import {
  createOrganizationAction,
  mergeContactsAction,
  updateContactAction,
  updateOrganizationAction,
} from './actions';

const input = 'mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm';

export function ContactEditForm(props: {
  slug: string;
  id: string;
  name: string | null;
  organizationId: string | null;
  organizations: { id: string; name: string }[];
}) {
  const [state, action] = useActionState(updateContactAction, null);
  return (
    <form action={action} className="space-y-3" aria-label="Edit contact">
      <input type="hidden" name="slug" value={props.slug} />
      <input type="hidden" name="id" value={props.id} />
      <label className="block text-sm font-medium text-slate-800">
        Name
        <input name="name" defaultValue={props.name ?? ''} className={input} />
      </label>
      <label className="block text-sm font-medium text-slate-800">
        Organization
        <select name="organizationId" defaultValue={props.organizationId ?? ''} className={input}>
          <option value="">None</option>
          {props.organizations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <FormError message={state && !state.ok ? state.error : null} />
      {state?.ok ? (
        <p role="status" className="text-sm text-emerald-800">
          Saved.
        </p>
      ) : null}
      <SubmitButton pendingText="Saving…">Save contact</SubmitButton>
    </form>
  );
}

export function MergeContactForm({ slug, id }: { slug: string; id: string }) {
  const [state, action] = useActionState(mergeContactsAction, null);
  return (
    <form action={action} className="space-y-3" aria-label="Merge contact">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="id" value={id} />
      <label className="block text-sm font-medium text-slate-800">
        Merge another contact into this one (their address)
        <input name="mergeEmail" type="email" required placeholder="other@example.com" className={input} />
      </label>
      <p className="text-xs text-slate-500">Their cases move here; their address becomes one of this contact’s.</p>
      <FormError message={state && !state.ok ? state.error : null} />
      {state?.ok ? (
        <p role="status" className="text-sm text-emerald-800">
          Merged {state.data.merged}: {state.data.movedCases} case{state.data.movedCases === 1 ? '' : 's'} moved.
        </p>
      ) : null}
      <SubmitButton variant="secondary" pendingText="Merging…">
        Merge
      </SubmitButton>
    </form>
  );
}

export function OrganizationForm(props: { slug: string; id?: string; name?: string; domains?: string[] }) {
  const [state, action] = useActionState(props.id ? updateOrganizationAction : createOrganizationAction, null);
  return (
    <form action={action} className="space-y-3" aria-label={props.id ? 'Edit organization' : 'New organization'}>
      <input type="hidden" name="slug" value={props.slug} />
      {props.id ? <input type="hidden" name="id" value={props.id} /> : null}
      <label className="block text-sm font-medium text-slate-800">
        Name
        <input name="name" required defaultValue={props.name ?? ''} className={input} />
      </label>
      <label className="block text-sm font-medium text-slate-800">
        Domains (one per line)
        <textarea
          name="domains"
          rows={3}
          defaultValue={(props.domains ?? []).join('\n')}
          placeholder="example.com"
          className={input}
        />
      </label>
      <FormError message={state && !state.ok ? state.error : null} />
      {state?.ok ? (
        <p role="status" className="text-sm text-emerald-800">
          Saved.
        </p>
      ) : null}
      <SubmitButton pendingText="Saving…">{props.id ? 'Save organization' : 'Create organization'}</SubmitButton>
    </form>
  );
}
