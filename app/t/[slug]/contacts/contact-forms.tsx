'use client';
// The forms of the contact and organisation pages: edit a contact, merge another into it, create or
// edit an organisation (its domains one per line or comma-separated).
import { useActionState } from 'react';
import { Field, SelectField, TextAreaField } from '@/app/_components/field';
import { ActionFeedback } from '@/app/_components/form-message';
import { HiddenFields } from '@/app/_components/hidden-fields';
import { SubmitButton } from '@/app/_components/submit-button';
import {
  createOrganizationAction,
  mergeContactsAction,
  updateContactAction,
  updateOrganizationAction,
} from './actions';

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
      <HiddenFields values={{ slug: props.slug, id: props.id }} />
      <Field label="Name" name="name" defaultValue={props.name ?? ''} />
      <SelectField label="Organization" name="organizationId" defaultValue={props.organizationId ?? ''}>
        <option value="">None</option>
        {props.organizations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </SelectField>
      <ActionFeedback state={state} />
      <SubmitButton pendingText="Saving…">Save contact</SubmitButton>
    </form>
  );
}

export function MergeContactForm({ slug, id }: { slug: string; id: string }) {
  const [state, action] = useActionState(mergeContactsAction, null);
  return (
    <form action={action} className="space-y-3" aria-label="Merge contact">
      <HiddenFields values={{ slug, id }} />
      <Field
        label="Merge another contact into this one (their address)"
        name="mergeEmail"
        type="email"
        required
        placeholder="other@example.com"
        hint="Their cases move here; their address becomes one of this contact’s."
      />
      <ActionFeedback
        state={state}
        success={(d) => `Merged ${d.merged}: ${d.movedCases} case${d.movedCases === 1 ? '' : 's'} moved.`}
      />
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
      <HiddenFields values={{ slug: props.slug, id: props.id }} />
      <Field label="Name" name="name" required defaultValue={props.name ?? ''} />
      <TextAreaField
        label="Domains (one per line)"
        name="domains"
        rows={3}
        defaultValue={(props.domains ?? []).join('\n')}
        placeholder="example.com"
      />
      <ActionFeedback state={state} />
      <SubmitButton pendingText="Saving…">{props.id ? 'Save organization' : 'Create organization'}</SubmitButton>
    </form>
  );
}
