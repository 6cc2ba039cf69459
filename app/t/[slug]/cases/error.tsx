'use client';

export default function CasesError({ reset }: { error: Error; reset: () => void }) {
  return (
    <section role="alert" className="rounded-lg border border-red-200 bg-red-50 px-6 py-8 text-center">
      <h1 className="text-lg font-semibold text-red-900">The cases could not be loaded</h1>
      <p className="mt-2 text-sm text-red-800">
        Something went wrong on our side. Try again; if it keeps happening, check the server log.
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-md bg-white px-3 py-2 text-sm font-medium text-red-800 ring-1 ring-red-300 hover:bg-red-100"
      >
        Try again
      </button>
    </section>
  );
}
