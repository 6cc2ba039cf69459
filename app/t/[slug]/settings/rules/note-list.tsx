// The notes a re-run or a simulation comes back with (what a rule would do, why something is left
// alone), as a bulleted list; nothing when there are none.
export function NoteList({ notes, className }: { notes: string[]; className: string }) {
  if (!notes.length) return null;
  return (
    <ul className={`list-disc pl-6 ${className}`}>
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}
