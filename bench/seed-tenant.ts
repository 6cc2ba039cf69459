// A seeded tenant for the web benchmarks (db/seed.ts in its own process): its id, and the sign-in it printed.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

export type SeededTenant = { tenantId: string; email?: string; password?: string; slug?: string };

export function seed(args: string[]): Promise<SeededTenant> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'db/seed.ts'), ...args], {
      cwd: root,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', () => {});
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`seed failed (${code}): ${out.slice(-500)}`));
      const login = /tenant (\S+) — sign in as (\S+) \/ (\S+)/.exec(out);
      const json = JSON.parse(out.trim().split('\n').pop()!);
      resolve({ tenantId: json.tenantId, slug: login?.[1], email: login?.[2], password: login?.[3] });
    });
  });
}

export function seedTenant(cases: number): Promise<SeededTenant> {
  return seed(['--cases', String(cases), '--batch', '2000']);
}
