// Whether `.next` is missing or older than the sources it was built from (npm start, npm run bench).
import fs from 'node:fs';
import path from 'node:path';

export function buildIsStale(root: string): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  const newest = (dir: string): number => {
    let latest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) latest = Math.max(latest, newest(full));
      else latest = Math.max(latest, fs.statSync(full).mtimeMs);
    }
    return latest;
  };
  return (
    ['app', 'lib', 'db', 'inngest'].some(
      (d) => fs.existsSync(path.join(root, d)) && newest(path.join(root, d)) > builtAt,
    ) ||
    ['instrumentation.ts', 'next.config.ts', 'proxy.ts'].some(
      (f) => fs.existsSync(path.join(root, f)) && fs.statSync(path.join(root, f)).mtimeMs > builtAt,
    )
  );
}
