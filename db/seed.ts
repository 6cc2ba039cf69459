// `npm run db:seed -- --cases 200000 [--messages-per-case 5] [--tenant slug] [--batch 10000]`
//
// Fills one tenant with many cases and their history, for the workspace benchmark (README
// "Performance": 200 k cases / 1 M messages). Rows are generated inside PostgreSQL with
// generate_series, a batch of cases and their messages per transaction, so the search columns and
// indexes are built exactly as for real mail. Without --tenant a new tenant is created and its
// owner's sign-in is printed. Runs under the tenant's role (RLS applies), like the app.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { closeDb, getDb } from './client';
import { queryRows } from './rows';
import { mailboxes, tenants } from './schema';
import { withSystem, withTenant } from './tenancy';
import { migrateDatabase } from './migrate';
import { createTenant } from '@/lib/tenants/create-tenant';
import { errorMessage } from '@/lib/errors';

const argsSchema = z.object({
  cases: z.coerce.number().int().min(1).max(10_000_000).default(1000),
  messagesPerCase: z.coerce.number().int().min(1).max(50).default(5),
  tenant: z.string().optional(),
  batch: z.coerce.number().int().min(100).max(100_000).default(10_000),
});

function parseArgs(argv: string[]) {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m)
      throw new Error(
        `Unexpected argument ${argv[i]}. Use --cases N [--messages-per-case M] [--tenant slug] [--batch B].`,
      );
    const key = m[1].replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    raw[key] = m[2] ?? argv[++i] ?? '';
  }
  return argsSchema.parse(raw);
}

// Words for subjects and bodies: realistic enough for full-text search to have common and rare terms.
const subjects = [
  'Refund for order',
  'Invoice question',
  'Password reset not working',
  'Delivery is late',
  'Wrong size received',
  'Cancel my subscription',
  'Billing address change',
  'Damaged parcel',
  'Login problem on mobile',
  'Discount code invalid',
  'Warranty claim',
  'Missing item in package',
  'Upgrade plan',
  'Export my data',
  'Account locked',
  'Shipping to Norway',
  'Duplicate charge',
  'Feature request: dark mode',
  'API rate limit',
  'Tracking number missing',
  'Return label',
  'Payment failed',
  'Change delivery date',
  'Gift card balance',
];
const phrases = [
  'Hello team,',
  'I ordered last week',
  'and the parcel has not arrived yet.',
  'Could you please check',
  'the status of my order?',
  'My invoice shows the wrong amount',
  'and I was charged twice.',
  'The app keeps logging me out',
  'after the latest update.',
  'I would like a refund',
  'because the item is damaged.',
  'Thanks in advance for your help.',
  'Best regards,',
  'Kind regards,',
  'We are sorry for the trouble',
  'and have issued a replacement.',
  'Your tracking number is attached',
  'Please reply with a photo',
  'of the damaged packaging.',
  'The warranty covers two years',
  'from the date of purchase.',
  'Our courier reported a delay',
  'in the regional hub.',
  'I tried resetting my password',
  'but the email never came.',
  'Is there a discount for annual plans?',
  'The export finished',
  'and is ready to download.',
  'Could you change the billing address',
  'to our new office?',
  'Much appreciated.',
  'Cheers,',
];
const names = [
  'Alice',
  'Bob',
  'Chen',
  'Dana',
  'Emil',
  'Fatima',
  'Gustav',
  'Hana',
  'Ivan',
  'Julia',
  'Kofi',
  'Lena',
  'Mateo',
  'Nora',
  'Omar',
  'Priya',
];

const arr = (items: string[]) => sql.raw(`array[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}]::text[]`);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  await migrateDatabase();
  const db = await getDb();

  let tenantId: string;
  let ownerId: string | null = null;
  if (args.tenant) {
    const [t] = await withSystem((tx) =>
      tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, args.tenant!.toLowerCase())),
    );
    if (!t) throw new Error(`There is no tenant "${args.tenant}".`);
    tenantId = t.id;
  } else {
    const suffix = randomBytes(3).toString('hex');
    const email = `seed-${suffix}@example.test`;
    const password = `seed-${suffix}-password`;
    const created = await createTenant({ name: `Seed ${suffix}`, slug: `seed-${suffix}`, owner: { email, password } });
    tenantId = created.tenantId;
    ownerId = created.ownerUserId;
    process.stdout.write(`tenant ${created.slug} — sign in as ${email} / ${password}\n`);
  }

  const mailboxId = await withTenant(tenantId, async (tx) => {
    const email = `seed-${randomBytes(4).toString('hex')}@support.example`;
    // Paused: the runner must never try to reach this made-up server.
    const [m] = await tx
      .insert(mailboxes)
      .values({
        tenantId,
        email,
        username: email,
        protocol: 'imaps',
        host: 'imap.support.example',
        port: 993,
        state: 'paused',
      })
      .returning({ id: mailboxes.id });
    return m.id;
  });
  const [{ counter }] = await withTenant(tenantId, (tx) =>
    queryRows<{ counter: string | number }>(
      tx,
      sql`select case_counter as counter from tenants where id = ${tenantId}`,
    ),
  );
  const first = Number(counter) + 1;
  const last = first + args.cases - 1;
  const total = args.cases;
  const started = Date.now();

  for (let from = first; from <= last; from += args.batch) {
    const to = Math.min(last, from + args.batch - 1);
    await withTenant(
      tenantId,
      async (tx) => {
        // Cases: most closed, some open/pending, a third assigned to the owner (in the insert: a second
        // statement would update every index and trigger again); activity spread over the past.
        await tx.execute(sql`
          insert into cases (tenant_id, number, subject, status, requester_email, requester_name, mailbox_id, assignee_id, imported, last_activity_at, closed_at, created_at, updated_at)
          select ${tenantId}::uuid, g,
                 (${arr(subjects)})[1 + (g * 7) % ${subjects.length}] || ' #' || (g % 9973),
                 (case when g % 10 < 6 then 'closed' when g % 10 < 8 then 'open' else 'pending' end)::case_status,
                 'customer' || (g % 50000) || '@example.com',
                 (${arr(names)})[1 + (g % ${names.length})] || ' ' || (g % 50000),
                 ${mailboxId}::uuid,
                 case when g % 3 = 0 then ${ownerId}::uuid end,
                 g % 4 = 0,
                 now() - make_interval(secs => (${last} - g) * 30),
                 case when g % 10 < 6 then now() - make_interval(secs => (${last} - g) * 30) end,
                 now() - make_interval(secs => (${last} - g) * 30 + 3600),
                 now() - make_interval(secs => (${last} - g) * 30)
          from generate_series(${from}::bigint, ${to}::bigint) g`);
        // Messages: the customer first, then alternating agent replies and customer answers.
        await tx.execute(sql`
          insert into case_messages (tenant_id, case_id, direction, message_id, from_address, from_name, subject, sent_at, text, delivery_status, created_at)
          select c.tenant_id, c.id,
                 (case when k % 2 = 1 then 'in' else 'out' end)::message_direction,
                 'seed-' || c.number || '-' || k || '@example.com',
                 case when k % 2 = 1 then c.requester_email else 'support@support.example' end,
                 case when k % 2 = 1 then c.requester_name else 'Support' end,
                 case when k = 1 then c.subject else 'Re: ' || c.subject end,
                 c.created_at + make_interval(mins => k),
                 (${arr(phrases)})[1 + (c.number * 3 + k) % ${phrases.length}] || ' ' ||
                 (${arr(phrases)})[1 + (c.number * 5 + k * 7) % ${phrases.length}] || ' ' ||
                 (${arr(phrases)})[1 + (c.number * 11 + k * 3) % ${phrases.length}] || ' ' ||
                 (${arr(phrases)})[1 + (c.number * 13 + k * 5) % ${phrases.length}] || ' ' ||
                 (${arr(phrases)})[1 + (c.number * 17 + k) % ${phrases.length}] || ' ' ||
                 (${arr(phrases)})[1 + (c.number + k * 11) % ${phrases.length}] || ' ref ' || (c.number * 31 + k) % 100003,
                 case when k % 2 = 0 then 'sent' end,
                 c.created_at + make_interval(mins => k)
          from cases c cross join generate_series(1, ${args.messagesPerCase}) k
          where c.tenant_id = ${tenantId}::uuid and c.number between ${from} and ${to}`);
        await tx.execute(
          sql`update tenants set case_counter = greatest(case_counter, ${to}) where id = ${tenantId}::uuid`,
        );
      },
      db,
    );
    const done = to - first + 1;
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(
      `${done}/${total} cases (${done * args.messagesPerCase} messages) in ${seconds.toFixed(0)} s\n`,
    );
  }
  // Fresh statistics so the planner picks the indexes right away (needs the table owner; skipped otherwise).
  await db
    .execute(sql`analyze cases`)
    .catch(() => process.stderr.write('analyze cases skipped (not the table owner)\n'));
  await db
    .execute(sql`analyze case_messages`)
    .catch(() => process.stderr.write('analyze case_messages skipped (not the table owner)\n'));
  process.stdout.write(
    `${JSON.stringify({ tenantId, cases: total, messages: total * args.messagesPerCase, seconds: Math.round((Date.now() - started) / 1000) })}\n`,
  );
}

main()
  .then(() => closeDb())
  .catch(async (err) => {
    process.stderr.write(`seed failed: ${errorMessage(err)}\n`);
    await closeDb().catch(() => undefined);
    process.exit(1);
  });
