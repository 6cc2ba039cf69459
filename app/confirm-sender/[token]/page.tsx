import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { describeConfirmationLink } from '@/lib/contacts/confirm-by-link';
import { confirmSenderAction } from './actions';

export const metadata: Metadata = { title: 'Confirm your message', robots: { index: false } };

// The signed link in a confirmation request (lib/contacts/send-sender-confirmation.ts). Opening it
// changes nothing; the button confirms. Unknown or tampered links get the 404 page.
export default async function ConfirmSenderPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ result?: string }>;
}) {
  const { token } = await params;
  const { result } = await searchParams;
  const held = await describeConfirmationLink(token);
  if (!held) notFound();
  const about = held.subject ? `“${held.subject}”` : 'your message';
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">Confirm your message</h1>
        {held.state === 'confirmed' ? (
          <p role="status" className="mt-3 text-sm text-emerald-800">
            Thank you: {about} is confirmed{result === 'confirmed' ? '' : ' already'}. It is now with our support team.
          </p>
        ) : held.state === 'expired' ? (
          <p role="status" className="mt-3 text-sm text-slate-700">
            This confirmation link has expired. Our team may still look at {about}; you can also write to us again.
          </p>
        ) : (
          <form action={confirmSenderAction} className="mt-3 space-y-4">
            <p className="text-sm text-slate-700">
              You wrote {about}
              {held.mailbox ? ` to ${held.mailbox}` : ''}. Confirm that you sent it, and it becomes a support case.
            </p>
            <input type="hidden" name="token" value={token} />
            <button type="submit" className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white">
              Yes, I sent this message
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
