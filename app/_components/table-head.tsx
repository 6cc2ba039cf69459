// The header row of a table: one column header per label, all styled alike.
export function TableHead({
  columns,
  className,
  cellClassName,
}: {
  columns: React.ReactNode[];
  className: string;
  cellClassName: string;
}) {
  return (
    <thead className={className}>
      <tr>
        {columns.map((column, i) => (
          <th key={i} scope="col" className={cellClassName}>
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
