import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <p className="text-sm font-semibold text-indigo-700">403</p>
      <h1 className="mt-2 text-2xl font-semibold">You do not have permission to view this page</h1>
      <p className="mt-2 text-sm text-slate-600">
        Only workspace owners and admins can manage this. Ask one of them if you need a change.
      </p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-indigo-700 underline">
        Back to your workspace
      </Link>
    </main>
  );
}
