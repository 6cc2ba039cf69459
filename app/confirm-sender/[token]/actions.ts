'use server';
// The confirmation button of the public page: confirms the held message, then shows the page again.
import { redirect } from 'next/navigation';
import { confirmByLink } from '@/lib/contacts/confirm-by-link';

export async function confirmSenderAction(form: FormData): Promise<void> {
  const token = String(form.get('token') ?? '').slice(0, 200);
  const result = await confirmByLink(token);
  redirect(`/confirm-sender/${encodeURIComponent(token)}?result=${result.outcome}`);
}
