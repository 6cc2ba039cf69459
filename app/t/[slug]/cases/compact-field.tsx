// The small labelled controls of the workspace's dense panels (the cases list's filters, the case page's
// controls, the review queue's filter): an extra-small label above the control, options as [value, label].
import type { ReactNode } from 'react';

export type OptionPairs = readonly (readonly [value: string, label: string])[];

export function CompactField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
    </div>
  );
}

export function OptionList({ options }: { options: OptionPairs }) {
  return options.map(([value, label]) => (
    <option key={value} value={value}>
      {label}
    </option>
  ));
}

/** A select of a GET filter form (`filter-<name>`): it starts on the filter's current value ("" for any). */
export function FilterSelect({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: OptionPairs;
}) {
  const id = `filter-${name}`;
  return (
    <CompactField id={id} label={label}>
      <select
        id={id}
        name={name}
        defaultValue={value ?? ''}
        className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
      >
        <OptionList options={options} />
      </select>
    </CompactField>
  );
}
