// The ids a form sends along without showing them (the workspace slug, the row it acts on): one hidden
// input per entry; an undefined value is left out.
export function HiddenFields({ values }: { values: Record<string, string | undefined> }) {
  return (
    <>
      {Object.entries(values).map(([name, value]) =>
        value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />,
      )}
    </>
  );
}
