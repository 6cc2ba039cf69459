// Runs in every test worker before the tests: a private DATA_DIR and fixed test secrets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

if (!process.env.CASEFLOW_TEST_DATA_DIR) {
  process.env.CASEFLOW_TEST_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-test-'));
}
process.env.DATA_DIR ??= process.env.CASEFLOW_TEST_DATA_DIR;
process.env.AUTH_SECRET ??= 'test-auth-secret-test-auth-secret-0123456789';
process.env.ENCRYPTION_KEYS ??= 'test1:' + Buffer.alloc(32, 7).toString('base64');
process.env.ALLOW_PRIVATE_HOSTS ??= '127.0.0.0/8,::1,localhost';
process.env.LOG_LEVEL ??= 'warn';
process.env.RUNNER_DISABLED ??= 'true';
// Test mail comes from domains without DNS records, so every sender is unverified: mailboxes check and
// record by default here; tests of the enforcement set a mailbox to 'enforce' themselves.
process.env.SENDER_VERIFICATION ??= 'record';
