// The operator CLI drives the ingestion engine: add → test → import → sync, JSON on stdout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import '@/lib/cli/commands/mailbox';
import '@/lib/cli/commands/message';
import { buildCorpus } from '../fixtures/mail/corpus';
import { buildMail, buildMailbox } from '../helpers/mail-builder';
import { runCliCaptured, runCliJson } from '../helpers/run-cli-in-process';
import { makeTenant } from '../helpers/tenant';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

/** `mailbox add` for a Dovecot user over `protocol`, the password given on stdin as an operator would. */
function addDovecotMailbox(tenantSlug: string, user: string, protocol: 'imaps' | 'pop3', password: string) {
  return runCliJson(
    [
      'mailbox',
      'add',
      '--tenant',
      tenantSlug,
      '--email',
      `${user}@support.test`,
      '--username',
      user,
      '--protocol',
      protocol,
      '--host',
      '127.0.0.1',
      '--port',
      String(dovecot.ports[protocol]),
      '--tls-verify',
      'false',
      '--password-stdin',
    ],
    `${password}\n`,
  );
}

describe('mailbox commands', () => {
  it('add → test → import → sync works end to end and reports counts', async () => {
    const tenant = await makeTenant('cli');
    const { user, password } = await dovecot.addUser();
    await dovecot.append(user, buildMailbox(12, 21, `${user}@support.test`));

    const added = await addDovecotMailbox(tenant.slug, user, 'imaps', password);
    expect(added.code, added.stderr).toBe(0);
    expect(added.json).toMatchObject({ state: 'draft', email: `${user}@support.test` });
    expect(JSON.stringify(added.json)).not.toContain(password);
    const id = added.json.mailboxId as string;

    const tested = await runCliJson(['mailbox', 'test', id]);
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.json).toMatchObject({ ok: true, messageCount: 12 });
    expect(tested.json.capabilities).toContain('UIDPLUS');

    const refused = await runCliJson(['mailbox', 'import', id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--confirm/);

    const imported = await runCliJson(['mailbox', 'import', id, '--confirm']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.json).toMatchObject({
      state: 'active',
      fetched: 12,
      deleted: 12,
      import: { processed: 12, total: 12, done: true },
    });
    expect(imported.json.created + imported.json.ignored).toBe(12);
    expect(imported.stderr).toMatch(/imported 12\/12/);

    await dovecot.append(user, [
      buildMail({ from: 'c@example.org', to: `${user}@support.test`, subject: 'New one', text: 'hello' }),
    ]);
    const synced = await runCliJson(['mailbox', 'sync', id, '--until-empty']);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.json).toMatchObject({ fetched: 1, created: 1, appended: 0, ignored: 0, quarantined: 0, deleted: 1 });

    const listed = await runCliJson(['mailbox', 'list', '--tenant', tenant.slug]);
    expect(listed.json).toEqual([expect.objectContaining({ id, state: 'active' })]);
  });

  it('a wrong password makes `mailbox test` answer ok:false with the auth code and exit 1', async () => {
    const tenant = await makeTenant('cli');
    const { user } = await dovecot.addUser();
    const added = await addDovecotMailbox(tenant.slug, user, 'pop3', 'not-the-password');
    expect(added.code, added.stderr).toBe(0);
    const tested = await runCliJson(['mailbox', 'test', added.json.mailboxId]);
    expect(tested.code).toBe(1);
    expect(tested.json).toMatchObject({ ok: false, error: { code: 'auth' } });
    expect(JSON.stringify(tested.json)).not.toContain('not-the-password');
  });

  it('unknown and forged mailbox ids are a clear not-found', async () => {
    const res = await runCliJson(['mailbox', 'sync', 'not-a-uuid']);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stderr)).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('message classify', () => {
  it('classifies an .eml file without side effects', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cf-eml-')), 'ooo.eml');
    fs.writeFileSync(
      file,
      buildMail({
        from: 'a@example.org',
        to: 'b@example.org',
        subject: 'Out of office',
        messageId: 'x1@example.org',
        inReplyTo: 'y@example.org',
        text: 'away',
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
    );
    const res = await runCliJson(['message', 'classify', file]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json).toMatchObject({
      verdict: 'auto-generated',
      messageId: 'x1@example.org',
      inReplyTo: 'y@example.org',
      subject: 'Out of office',
    });
    expect(res.json.reason).toMatch(/auto-submitted/);
  });
});

describe('message classify over many files', () => {
  const corpus = buildCorpus();
  const pick = (name: string) => corpus.find((m) => m.name === name)!;
  const samples = {
    bounce: pick('bounce/qmail-0.eml'),
    vacation: pick('auto/icloud-vacation-0.eml'),
    person: pick('person/forwards-bounce-inline-0.eml'),
  };
  const endings = (raw: Buffer) => {
    const crlf = raw.toString('utf8').replace(/\r?\n/g, '\r\n');
    return { crlf, lf: crlf.replace(/\r\n/g, '\n'), cr: crlf.replace(/\r\n/g, '\r') };
  };
  async function lines(argv: string[]) {
    const { code, stdout } = await runCliCaptured(argv);
    return {
      code,
      lines: stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    };
  }

  it('a maildir folder and more files give one JSON line per file; CRLF, LF and CR copies get the same verdict', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-audit-'));
    const maildir = path.join(dir, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(maildir, sub), { recursive: true });
    for (const [label, m] of Object.entries(samples)) {
      for (const [ending, text] of Object.entries(endings(m.raw))) {
        fs.writeFileSync(path.join(maildir, ending === 'cr' ? 'cur' : 'new', `${label}-${ending}.eml`), text, 'utf8');
      }
    }
    const loose = path.join(dir, 'loose.eml');
    fs.writeFileSync(loose, samples.vacation.raw);
    const missing = path.join(dir, 'missing.eml');

    const res = await lines(['message', 'classify', maildir, loose, missing]);
    expect(res.code).toBe(0);
    expect(res.lines).toHaveLength(3 * 3 + 2);
    const byFile = new Map(res.lines.map((l) => [path.basename(String(l.file)), l]));
    for (const [label, m] of Object.entries(samples)) {
      for (const ending of ['crlf', 'lf', 'cr']) {
        expect(byFile.get(`${label}-${ending}.eml`), `${label}-${ending}`).toMatchObject({
          verdict: m.expected.verdict,
          kind: m.expected.kind,
        });
      }
    }
    expect(byFile.get('bounce-cr.eml')).toMatchObject({
      failedRecipients: samples.bounce.expected.bounce!.recipients,
      bounceStatus: samples.bounce.expected.bounce!.status,
      deliveryAction: 'failed',
    });
    expect(byFile.get('loose.eml')).toMatchObject({ verdict: 'auto-generated', kind: 'vacation' });
    expect(byFile.get('missing.eml')).toMatchObject({ error: { code: 'not_found' } });
  });

  it('one file still prints one JSON document', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cf-one-')), 'one.eml');
    fs.writeFileSync(file, samples.bounce.raw);
    const res = await runCliJson(['message', 'classify', file]);
    expect(res.code).toBe(0);
    expect(res.json).toMatchObject({ verdict: 'auto-generated', kind: 'bounce', reason: expect.any(String) });
  });
});
