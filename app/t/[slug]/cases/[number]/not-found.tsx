import Link from 'next/link';

export default function CaseNotFound() {
  return (
    <section className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <h1 className="text-lg font-semibold">There is no such case</h1>
      <p className="mt-2 text-sm text-slate-600">It may have been mistyped, or it belongs to another workspace.</p>
      <Link href="." className="mt-4 inline-block text-indigo-700 underline">
        Back to cases
      </Link>
    </section>
  );
}
