// Forwarding addresses: mail forwarded to `<token>@INBOUND_DOMAIN` arrives over SMTP, with nodemailer as
// the sending server. 250 is answered only once the raw bytes and the case are committed.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import nodemailer from 'nodemailer';
import postgres from 'postgres';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, ignoredMessages, rawMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import '@/lib/cli/commands/mailbox';
import { resetEnvForTests } from '@/lib/env';
import { startInboundSmtpServer, type InboundSmtpServer } from '@/lib/mail/inbound/inbound-smtp-server';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { buildMail } from '../helpers/mail-builder';
import { runCliJson } from '../helpers/run-cli-in-process';
import { makeTenant, type TestTenant } from '../helpers/tenant';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';

const DOMAIN = 'in.caseflow.test';
process.env.INBOUND_DOMAIN = DOMAIN;
resetEnvForTests();

const root = path.resolve(__dirname, '../..');
let smtp: InboundSmtpServer;

/** A listener on a free local port for the forwarding domain, taking messages up to 1 MiB. */
const listen = (ratePerMinute: number) =>
  startInboundSmtpServer({
    port: 0,
    host: '127.0.0.1',
    domain: DOMAIN,
    maxBytes: 1024 * 1024,
    ratePerMinute,
    log: () => {},
  });

beforeAll(async () => {
  smtp = await listen(10_000);
});
afterAll(async () => {
  await smtp?.close();
});

type Sent = { ok: true; response: string } | { ok: false; code: number | undefined; response: string };

/** One delivery as a sending MTA makes it: its own connection, envelope given, raw bytes as they are. */
async function deliver(port: number, to: string | string[], raw: Buffer, from = 'relay@customer.test'): Promise<Sent> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope: { from, to: ([] as string[]).concat(to) }, raw });
    return { ok: true, response: info.response };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; message: string };
    return { ok: false, code: e.responseCode, response: e.response ?? e.message };
  } finally {
    transport.close();
  }
}

async function forwardMailbox(tenant: TestTenant, extra: Record<string, unknown> = {}) {
  const created = await withTenant(tenant.tenantId, (tx) =>
    createMailbox(tx, {
      tenantId: tenant.tenantId,
      input: { protocol: 'forward', email: `support-${tenant.slug}@acme.test`, ...extra },
      actor: { kind: 'cli' },
    }),
  );
  return { id: created.id, address: created.forwardingAddress! };
}

async function casesOf(tenantId: string, mailboxId: string) {
  return withTenant(tenantId, (tx) =>
    tx
      .select({ number: cases.number, subject: cases.subject, status: cases.status })
      .from(cases)
      .where(eq(cases.mailboxId, mailboxId)),
  );
}

function mail(subject: string, extra: { from?: string; text?: string } = {}) {
  return buildMail({
    from: extra.from ?? 'Ann Customer <ann@customer.test>',
    to: 'support@acme.test',
    subject,
    text: extra.text ?? `Hello, ${subject}`,
  });
}

describe('forwarding address (inbound SMTP)', () => {
  it('mailbox add --protocol forward prints the mailbox id and its forwarding address, active at once', async () => {
    const tenant = await makeTenant('fwd');
    const { code, json: out } = await runCliJson([
      'mailbox',
      'add',
      '--protocol',
      'forward',
      '--tenant',
      tenant.slug,
      '--email',
      `help-${tenant.slug}@acme.test`,
    ]);
    expect(code).toBe(0);
    expect(out.mailboxId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.forwardingAddress).toMatch(new RegExp(`^[a-z2-7]{20}@${DOMAIN.replace(/\./g, '\\.')}$`));
    expect(out.state).toBe('active');
    // There is no server to poll: a sync says so instead of connecting anywhere.
    await expect(syncMailbox(out.mailboxId)).rejects.toMatchObject({ details: { code: 'forwarding-address' } });
  });

  it('a forwarded message becomes an Open case, and 250 is answered only after it is committed', async () => {
    const tenant = await makeTenant('fwd');
    const mailbox = await forwardMailbox(tenant);
    // Hold the tenant row (ingestion numbers the case under its lock): the store cannot commit meanwhile.
    const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = sql.begin(async (tx) => {
      await tx`select 1 from tenants where id = ${tenant.tenantId} for update`;
      locked();
      await released;
    });
    await isLocked;
    let settled = false;
    const sending = deliver(smtp.port, mailbox.address, mail('Printer on fire')).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 1500));
    expect(settled).toBe(false); // no reply yet: nothing is committed
    expect(await casesOf(tenant.tenantId, mailbox.id)).toEqual([]);
    release();
    await holder;
    await sql.end();
    const sent = await sending;
    expect(sent).toMatchObject({ ok: true });
    expect(sent.response).toMatch(/^250 /);
    // Visible the moment 250 arrives.
    const rows = await casesOf(tenant.tenantId, mailbox.id);
    expect(rows).toEqual([expect.objectContaining({ subject: 'Printer on fire', status: 'open' })]);
  });

  it('mail from a forwarding address of the tenant is our own (a loop): stored and ignored, no case', async () => {
    const tenant = await makeTenant('fwd');
    const mailbox = await forwardMailbox(tenant);
    const other = await forwardMailbox(tenant, { email: `sales-${tenant.slug}@acme.test` });
    // An auto-responder somewhere answered "from" our other forwarding address: without it among our
    // own addresses this opened a case (and could have acknowledged it, and so on).
    const sent = await deliver(
      smtp.port,
      mailbox.address,
      mail('Re: your request', { from: `Sales <${other.address}>` }),
    );
    expect(sent).toMatchObject({ ok: true });
    expect(await casesOf(tenant.tenantId, mailbox.id)).toEqual([]);
    const ignored = await withTenant(tenant.tenantId, (tx) =>
      tx
        .select({ kind: ignoredMessages.kind, reason: ignoredMessages.reason })
        .from(ignoredMessages)
        .where(eq(ignoredMessages.mailboxId, mailbox.id)),
    );
    expect(ignored).toEqual([{ kind: 'loop', reason: 'loop:own-address' }]);
  });

  it('refuses unknown addresses and other domains with 550 and never relays', async () => {
    const tenant = await makeTenant('fwd');
    const mailbox = await forwardMailbox(tenant);
    const unknown = await deliver(smtp.port, `aaaaaaaaaaaaaaaaaaaa@${DOMAIN}`, mail('to nobody'));
    expect(unknown).toMatchObject({ ok: false, code: 550 });
    const relay = await deliver(smtp.port, 'victim@elsewhere.test', mail('relay me'));
    expect(relay).toMatchObject({ ok: false, code: 550 });
    expect(relay.response).toMatch(/relay/i);
    // The same token under another domain is not ours either.
    const otherDomain = await deliver(smtp.port, mailbox.address.replace(DOMAIN, 'elsewhere.test'), mail('x'));
    expect(otherDomain).toMatchObject({ ok: false, code: 550 });
    expect(await casesOf(tenant.tenantId, mailbox.id)).toEqual([]);
  });

  it('answers 552 over the size limit (listener and mailbox) and stores nothing', async () => {
    const tenant = await makeTenant('fwd');
    const mailbox = await forwardMailbox(tenant, { maxMessageBytes: 4096 });
    const big = await deliver(smtp.port, mailbox.address, mail('too big for the mailbox', { text: 'x'.repeat(8000) }));
    expect(big).toMatchObject({ ok: false, code: 552 });
    const huge = await deliver(
      smtp.port,
      mailbox.address,
      mail('too big for the listener', { text: 'y'.repeat(1_200_000) }),
    );
    expect(huge).toMatchObject({ ok: false, code: 552 });
    const small = await deliver(smtp.port, mailbox.address, mail('fits'));
    expect(small.ok).toBe(true);
    const stored = await withTenant(tenant.tenantId, (tx) =>
      tx.select({ id: rawMessages.id }).from(rawMessages).where(eq(rawMessages.mailboxId, mailbox.id)),
    );
    expect(stored).toHaveLength(1);
  });

  it('answers 451 (try later) once a tenant is over its rate; other tenants are still served', async () => {
    const limited = await listen(3);
    try {
      const tenant = await makeTenant('fwd');
      const mailbox = await forwardMailbox(tenant);
      const results: Sent[] = [];
      for (let i = 0; i < 5; i++) results.push(await deliver(limited.port, mailbox.address, mail(`burst ${i}`)));
      expect(results.slice(0, 3).every((r) => r.ok)).toBe(true);
      expect(results.slice(3)).toEqual([
        expect.objectContaining({ ok: false, code: 451 }),
        expect.objectContaining({ ok: false, code: 451 }),
      ]);
      expect(await casesOf(tenant.tenantId, mailbox.id)).toHaveLength(3);
      const other = await makeTenant('fwd');
      const otherBox = await forwardMailbox(other);
      expect((await deliver(limited.port, otherBox.address, mail('another tenant'))).ok).toBe(true);
    } finally {
      await limited.close();
    }
  });

  it('the rate is shared by every listener (app instance): two listeners let a tenant through 3 times per minute in all, not 3 each', async () => {
    const [a, b] = await Promise.all([listen(3), listen(3)]);
    try {
      const tenant = await makeTenant('fwd');
      const mailbox = await forwardMailbox(tenant);
      const results: Sent[] = [];
      for (const port of [a.port, b.port, a.port, b.port])
        results.push(await deliver(port, mailbox.address, mail(`shared ${results.length}`)));
      expect(results.map((r) => (r.ok ? 250 : r.code))).toEqual([250, 250, 250, 451]);
      expect(await casesOf(tenant.tenantId, mailbox.id)).toHaveLength(3);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('with the database unavailable the sender gets a 4xx and its retry is stored once', async () => {
    const tenant = await makeTenant('fwd');
    const mailbox = await forwardMailbox(tenant);
    const db = new URL(process.env.DATABASE_URL!);
    const proxy: TcpProxy = await startTcpProxy({ host: db.hostname, port: Number(db.port || 5432) });
    const viaProxy = new URL(db);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tests/helpers/inbound-smtp-child.ts')], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: viaProxy.toString(), INBOUND_DOMAIN: DOMAIN, DATABASE_POOL_MAX: '2' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        child!.stdout!.on('data', (d) => {
          out += d;
          const m = /port (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child!.on('exit', (code) => reject(new Error(`listener exited with ${code}`)));
      });
      const raw = mail('Sent while the database was down');
      expect((await deliver(port, mailbox.address, mail('warm-up'))).ok).toBe(true);
      await proxy.cut();
      const refused = await deliver(port, mailbox.address, raw);
      expect(refused.ok).toBe(false);
      expect(refused.ok === false && refused.code! >= 400 && refused.code! < 500).toBe(true);
      await proxy.restore();
      // The sending server retries the same bytes later.
      let retried: Sent = refused;
      for (let i = 0; i < 20 && !retried.ok; i++) {
        retried = await deliver(port, mailbox.address, raw);
        if (!retried.ok) await new Promise((r) => setTimeout(r, 250));
      }
      expect(retried.ok).toBe(true);
      // A retry after a 250 that got lost on the way is a no-op: the same bytes are stored once.
      expect((await deliver(port, mailbox.address, raw)).ok).toBe(true);
      const rows = await casesOf(tenant.tenantId, mailbox.id);
      expect(rows.map((r) => r.subject).sort()).toEqual(['Sent while the database was down', 'warm-up']);
    } finally {
      child?.kill('SIGKILL');
      await proxy.close();
    }
  });

  it('200 concurrent deliveries become 200 cases, none twice', { timeout: 240_000 }, async () => {
    const tenant = await makeTenant('fwd');
    const mailbox = await forwardMailbox(tenant);
    const raws = Array.from({ length: 200 }, (_, i) => mail(`Concurrent ${i}`, { from: `c${i}@customer.test` }));
    const results = await Promise.all(raws.map((raw) => deliver(smtp.port, mailbox.address, raw)));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    // Twenty of them delivered again (retries after lost replies): still 200.
    const again = await Promise.all(raws.slice(0, 20).map((raw) => deliver(smtp.port, mailbox.address, raw)));
    expect(again.every((r) => r.ok)).toBe(true);
    const rows = await casesOf(tenant.tenantId, mailbox.id);
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.subject)).size).toBe(200);
    expect(new Set(rows.map((r) => r.number)).size).toBe(200);
  });
});
