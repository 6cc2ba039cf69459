import Link from 'next/link';

export default function InvitationNotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold">This invitation link cannot be used</h1>
      <p className="mt-2 text-sm text-slate-600">
        It has expired, has already been used, or was withdrawn. Invitation links work once and expire after 7 days —
        ask the person who invited you for a new one.
      </p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-indigo-700 underline">
        Go to Caseflow
      </Link>
    </main>
  );
}
