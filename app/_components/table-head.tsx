// The header row of a table: one column header per label, all styled alike; and the settings pages' card table.
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

/** The list tables of the settings pages (keys, members, endpoints): a white card with a grey header row. */
export function CardTable({ columns, children }: { columns: React.ReactNode[]; children: React.ReactNode }) {
  return (
    <table className="mt-3 w-full border-collapse overflow-hidden rounded-lg bg-white text-sm shadow-sm">
      <TableHead
        className="bg-slate-100 text-left text-slate-600"
        cellClassName="px-4 py-2 font-medium"
        columns={columns}
      />
      <tbody>{children}</tbody>
    </table>
  );
}
