// The worker is SIGKILLed between the case commit and the webhook delivery,
// at least 20 times. Every committed event still reaches the receiver at least once, and all
// copies of an event carry one webhook-id (the outbox event's id) and the same body.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outboxEvents, webhookDeliveries } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/events';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { buildMail } from '../helpers/mail-builder';
import { makeMailbox } from '../helpers/mailbox-fixture';
import { startWebhookReceiver } from '../helpers/webhook-receiver';
import { useDovecot } from '../helpers/use-dovecot';
import { useStarted } from '../helpers/use-started';

const dovecot = useDovecot();
const receiver = useStarted(startWebhookReceiver, (started) => started.stop());

const root = path.resolve(__dirname, '../..');

type Run = { committed: boolean; delivered: boolean; killedBetween: boolean };

/** Runs the worker; with `killAfterMs`, SIGKILLs it that long after its first commit. */
function runWorker(mailboxId: string, tenantId: string, killAfterMs: number | null, final = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    // `--import tsx` keeps the work in this very process, so the kill hits it (the tsx CLI would fork).
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(root, 'tests/helpers/webhook-worker-child.ts'),
        mailboxId,
        tenantId,
        ...(final ? ['final'] : []),
      ],
      {
        cwd: root,
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const run: Run = { committed: false, delivered: false, killedBetween: false };
    let killed = false;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (line === 'committed' && !run.committed) {
          run.committed = true;
          if (killAfterMs !== null) {
            setTimeout(() => {
              if (child.exitCode === null && !run.delivered) {
                killed = true;
                run.killedBetween = true;
                child.kill('SIGKILL');
              }
            }, killAfterMs);
          }
        }
        if (line.startsWith('delivered')) run.delivered = true;
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!killed && code !== 0) reject(new Error(`worker failed (${code}): ${stderr.slice(-2000)}`));
      else resolve(run);
    });
  });
}

describe('a worker killed between the case commit and the webhook delivery', () => {
  it(
    'loses no event: each is delivered at least once, every copy with one webhook-id',
    { timeout: 600_000 },
    async () => {
      const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
      await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
      await syncMailbox(fx.mailboxId, { untilEmpty: true });
      const path = `/crash-${fx.tenant.slug}`;
      const endpoint = await withTenant(fx.tenant.tenantId, (tx) =>
        createWebhookEndpoint(tx, {
          tenantId: fx.tenant.tenantId,
          input: { url: receiver.url(path) },
          actor: { kind: 'system' },
        }),
      );
      receiver.secrets.push(endpoint.secret);

      let seed = 20240607;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      let kills = 0;
      for (let i = 0; i < 80 && kills < 20; i++) {
        await dovecot.append(fx.user, [
          buildMail({
            from: `Customer ${i} <c${i}@customer.example>`,
            to: fx.address,
            subject: `Question ${i}`,
            text: `Body ${i}`,
          }),
        ]);
        const run = await runWorker(fx.mailboxId, fx.tenant.tenantId, Math.floor(random() * 120));
        if (run.killedBetween) kills++;
      }
      expect(kills).toBeGreaterThanOrEqual(20);

      const final = await runWorker(fx.mailboxId, fx.tenant.tenantId, null, true);
      expect(final.delivered).toBe(true);

      const { events, deliveries } = await withTenant(fx.tenant.tenantId, async (tx) => ({
        events: await tx.select({ id: outboxEvents.id, type: outboxEvents.type }).from(outboxEvents),
        deliveries: await tx.select().from(webhookDeliveries),
      }));
      const committed = events.filter((e) => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(e.type));
      expect(committed.filter((e) => e.type === 'case.created').length).toBeGreaterThanOrEqual(20);
      expect(deliveries).toHaveLength(committed.length);
      expect(deliveries.every((d) => d.status === 'succeeded')).toBe(true);

      const got = receiver.received.filter((r) => r.path === path);
      expect(got.every((r) => r.verifiedWith.length === 1)).toBe(true);
      const byId = new Map<string, string[]>();
      for (const r of got) byId.set(r.id, [...(byId.get(r.id) ?? []), r.body]);
      expect(new Set(byId.keys())).toEqual(new Set(committed.map((e) => e.id)));
      for (const bodies of byId.values()) expect(new Set(bodies).size).toBe(1);
      expect(await dovecot.count(fx.user)).toBe(0);
    },
  );
});
