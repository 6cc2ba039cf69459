// The operator CLI drives the ingestion engine: add → test → import → sync, JSON on stdout.
import { Readable } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@/lib/cli/commands/mailbox';
import '@/lib/cli/commands/message';
import { runCli } from '@/lib/cli/registry';
import { startDovecot, type TestDovecot } from '../helpers/dovecot';
import { buildMail, buildMailbox } from '../helpers/mail-builder';
import { makeTenant } from '../helpers/tenant';

let dovecot: TestDovecot;
beforeAll(async () => {
  dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.stop();
});

async function cli(argv: string[], stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdin: Readable.from([stdin]),
  });
  return { code, json: stdout ? JSON.parse(stdout) : undefined, stderr };
}

describe('mailbox commands', () => {
  it('add → test → import → sync works end to end and reports counts', async () => {
    const tenant = await makeTenant('cli');
    const { user, password } = await dovecot.addUser();
    await dovecot.append(user, buildMailbox(12, 21, `${user}@support.test`));

    const added = await cli(
      [
        'mailbox',
        'add',
        '--tenant',
        tenant.slug,
        '--email',
        `${user}@support.test`,
        '--username',
        user,
        '--protocol',
        'imaps',
        '--host',
        '127.0.0.1',
        '--port',
        String(dovecot.ports.imaps),
        '--tls-verify',
        'false',
        '--password-stdin',
      ],
      `${password}\n`,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.json).toMatchObject({ state: 'draft', email: `${user}@support.test` });
    expect(JSON.stringify(added.json)).not.toContain(password);
    const id = added.json.mailboxId as string;

    const tested = await cli(['mailbox', 'test', id]);
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.json).toMatchObject({ ok: true, messageCount: 12 });
    expect(tested.json.capabilities).toContain('UIDPLUS');

    const refused = await cli(['mailbox', 'import', id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--confirm/);

    const imported = await cli(['mailbox', 'import', id, '--confirm']);
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
    const synced = await cli(['mailbox', 'sync', id, '--until-empty']);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.json).toMatchObject({ fetched: 1, created: 1, appended: 0, ignored: 0, quarantined: 0, deleted: 1 });

    const listed = await cli(['mailbox', 'list', '--tenant', tenant.slug]);
    expect(listed.json).toEqual([expect.objectContaining({ id, state: 'active' })]);
  });

  it('a wrong password makes `mailbox test` answer ok:false with the auth code and exit 1', async () => {
    const tenant = await makeTenant('cli');
    const { user } = await dovecot.addUser();
    const added = await cli(
      [
        'mailbox',
        'add',
        '--tenant',
        tenant.slug,
        '--email',
        `${user}@support.test`,
        '--username',
        user,
        '--protocol',
        'pop3',
        '--host',
        '127.0.0.1',
        '--port',
        String(dovecot.ports.pop3),
        '--tls-verify',
        'false',
        '--password-stdin',
      ],
      'not-the-password\n',
    );
    expect(added.code, added.stderr).toBe(0);
    const tested = await cli(['mailbox', 'test', added.json.mailboxId]);
    expect(tested.code).toBe(1);
    expect(tested.json).toMatchObject({ ok: false, error: { code: 'auth' } });
    expect(JSON.stringify(tested.json)).not.toContain('not-the-password');
  });

  it('unknown and forged mailbox ids are a clear not-found', async () => {
    const res = await cli(['mailbox', 'sync', 'not-a-uuid']);
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
    const res = await cli(['message', 'classify', file]);
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
