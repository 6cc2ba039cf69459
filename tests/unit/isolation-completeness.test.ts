// The tenant-isolation table (tests/helpers/isolation-routes.ts) is only as good as it is complete:
// every route.ts and page.tsx under app/ must match a checked row or a row that says why it takes no
// tenant, and every server action must have a row whose auth matches its defineAction. A new route or
// action without a row fails here instead of escaping tests/e2e/tenant-isolation.test.ts silently.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  apiRoutes,
  pageRoutes,
  serverActions,
  unscopedRoutes,
  type IsolationTenant,
  type RouteCtx,
} from '../helpers/isolation-routes';

const root = path.resolve(__dirname, '../..');

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(rel, accept));
    else if (accept(entry.name)) out.push(rel);
  }
  return out;
}

/** app/t/[slug]/cases/(list)/page.tsx → /t/[slug]/cases */
function urlPattern(file: string): string {
  const segments = file
    .split('/')
    .slice(1, -1)
    .filter((segment) => !/^\(.+\)$/.test(segment));
  return `/${segments.join('/')}`;
}

function matches(pattern: string, url: string): boolean {
  const source = pattern
    .split('/')
    .map((segment) =>
      segment.startsWith('[...')
        ? '.+'
        : segment.startsWith('[')
          ? '[^/]+'
          : segment.replace(/[.*+?^${}()|\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`).test(url);
}

// Sample tenants whose ids are all placeholders: only the shape of each row's path matters here.
const sample = (slug: string): IsolationTenant =>
  ({ slug, ids: new Proxy({}, { get: (_t, key) => `${String(key)}-id` }) }) as unknown as IsolationTenant;
const ctx: RouteCtx = { own: sample('own'), other: sample('other') };
const checkedUrls = [...pageRoutes, ...apiRoutes].map((row) => row.path(ctx).split('?')[0]);

const routeFiles = filesUnder('app', (name) => name === 'route.ts' || name === 'page.tsx');
const actionFiles = filesUnder('app', (name) => /\.tsx?$/.test(name)).filter((file) =>
  /^\s*(?:\/\/[^\n]*\n\s*)*['"]use server['"]/.test(fs.readFileSync(path.join(root, file), 'utf8')),
);

describe('the isolation table covers the whole app', () => {
  it('finds the routes, pages and server actions it checks', () => {
    expect(routeFiles.length).toBeGreaterThan(40);
    expect(actionFiles.length).toBeGreaterThan(8);
  });

  it.each(routeFiles)('%s has a row (checked, or unscoped with a reason)', (file) => {
    const pattern = urlPattern(file);
    const checked = checkedUrls.some((url) => matches(pattern, url));
    const unscoped = unscopedRoutes.some((row) => row.path === pattern);
    expect({ file, pattern, covered: checked || unscoped }).toEqual({ file, pattern, covered: true });
  });

  it('every unscoped row still names an existing route', () => {
    const patterns = new Set(routeFiles.map(urlPattern));
    expect(unscopedRoutes.filter((row) => !patterns.has(row.path))).toEqual([]);
  });

  it.each(actionFiles)('every server action in %s has a row with its auth', (file) => {
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    const exported = [...source.matchAll(/^export (?:const|async function) (\w+)/gm)].map((m) => m[1]);
    const rows = serverActions.filter((row) => row.file === file);
    const listed = rows.flatMap((row) => row.actions);
    expect(exported.filter((name) => !listed.includes(name))).toEqual([]);
    expect(listed.filter((name) => !exported.includes(name))).toEqual([]);
    for (const row of rows) {
      for (const name of row.actions)
        expect({ name, auth: declaredAuth(source, name) }).toEqual({ name, auth: row.auth });
    }
  });
});

/** The auth a defineAction call declares, directly or through a shared options object (`...tenantAction`). */
function declaredAuth(source: string, name: string): string {
  const start = source.search(new RegExp(`^export (?:const|async function) ${name}\\b`, 'm'));
  const rest = source.slice(start + 1);
  const next = rest.search(/^export /m);
  const body = next === -1 ? rest : rest.slice(0, next);
  if (!body.includes('defineAction(')) return 'public'; // a plain function (sign-out) touches no tenant
  const direct = /auth: '(\w+)'/.exec(body);
  if (direct) return direct[1];
  const spread = /\.\.\.(\w+)/.exec(body);
  const shared = spread && new RegExp(`const ${spread[1]} = \\{[^}]*auth: '(\\w+)'`).exec(source);
  return shared ? shared[1] : 'unknown';
}
