// A message whose MIME parts nest `depth` levels deep (multipart/mixed inside multipart/mixed …) around one bottom
// part: what the hostile-input tests feed the parser (it used to recurse once per level). Lines, without line
// endings, for the test to join as it needs.
export function nestedMultipartLines(depth: number, headers: string[], bottomPart: string[]): string[] {
  const lines = [...headers];
  for (let i = 0; i < depth; i++) lines.push(`Content-Type: multipart/mixed; boundary="b${i}"`, '', `--b${i}`);
  lines.push(...bottomPart);
  for (let i = depth - 1; i >= 0; i--) lines.push(`--b${i}--`);
  return lines;
}
