// Our outbound Message-IDs: signed per tenant, so forged or altered ones are not trusted.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '@/lib/env';
import { createOutboundMessageId, isOwnMessageIdShape, verifyOutboundMessageId } from '@/lib/mail/message-id';

const tenantId = randomUUID();
const keyA = 'a1:' + Buffer.alloc(32, 1).toString('base64');
const keyB = 'b2:' + Buffer.alloc(32, 2).toString('base64');

function swapTag(id: string, pos: number): string {
  const at = id.indexOf('@');
  const chars = id.split('');
  const i = at - 1 - pos;
  chars[i] = chars[i] === '0' ? '1' : '0';
  return chars.join('');
}

describe('outbound Message-IDs', () => {
  const original = process.env.ENCRYPTION_KEYS;
  afterEach(() => {
    process.env.ENCRYPTION_KEYS = original;
    resetEnvForTests();
  });

  it('a created id verifies for its tenant and names its case number', () => {
    const id = createOutboundMessageId({ tenantId, caseNumber: 42, domain: 'Support.Example.com' });
    expect(id).toMatch(/^cf\.42\.[0-9a-f]{16}\.[0-9a-f]{24}@support\.example\.com$/);
    expect(id).not.toMatch(/[<>]/);
    expect(verifyOutboundMessageId(id, tenantId)).toEqual({ caseNumber: 42 });
    expect(verifyOutboundMessageId(`<${id}>`, tenantId)).toEqual({ caseNumber: 42 });
  });

  it('two ids for the same case differ (random nonce)', () => {
    const a = createOutboundMessageId({ tenantId, caseNumber: 7, domain: 'example.com' });
    const b = createOutboundMessageId({ tenantId, caseNumber: 7, domain: 'example.com' });
    expect(a).not.toBe(b);
  });

  it('a forged mac is rejected', () => {
    const id = createOutboundMessageId({ tenantId, caseNumber: 5, domain: 'example.com' });
    for (const pos of [0, 5, 23]) expect(verifyOutboundMessageId(swapTag(id, pos), tenantId)).toBeNull();
    expect(verifyOutboundMessageId(`cf.5.0123456789abcdef.${'0'.repeat(24)}@example.com`, tenantId)).toBeNull();
  });

  it('an altered case number or nonce is rejected', () => {
    const id = createOutboundMessageId({ tenantId, caseNumber: 5, domain: 'example.com' });
    expect(verifyOutboundMessageId(id.replace(/^cf\.5\./, 'cf.6.'), tenantId)).toBeNull();
    expect(verifyOutboundMessageId(id.replace(/^cf\.5\./, 'cf.05.'), tenantId)).toBeNull();
    const nonceChanged = id.replace(/^(cf\.5\.)(.)/, (_m, p: string, c: string) => p + (c === 'a' ? 'b' : 'a'));
    expect(verifyOutboundMessageId(nonceChanged, tenantId)).toBeNull();
  });

  it('another tenant’s id does not verify', () => {
    const id = createOutboundMessageId({ tenantId: randomUUID(), caseNumber: 5, domain: 'example.com' });
    expect(isOwnMessageIdShape(id)).toBe(true);
    expect(verifyOutboundMessageId(id, tenantId)).toBeNull();
  });

  it('the domain may change without breaking verification, and upper-cased hex still verifies', () => {
    const id = createOutboundMessageId({ tenantId, caseNumber: 9, domain: 'example.com' });
    expect(verifyOutboundMessageId(id.replace('@example.com', '@other.example'), tenantId)).toEqual({ caseNumber: 9 });
    expect(verifyOutboundMessageId(id.toUpperCase().replace(/^CF/, 'cf'), tenantId)).toEqual({ caseNumber: 9 });
  });

  it('ids signed with a key still in the keyring verify after rotation; removed keys do not', () => {
    process.env.ENCRYPTION_KEYS = keyA;
    resetEnvForTests();
    const id = createOutboundMessageId({ tenantId, caseNumber: 3, domain: 'example.com' });
    process.env.ENCRYPTION_KEYS = `${keyB},${keyA}`;
    resetEnvForTests();
    expect(verifyOutboundMessageId(id, tenantId)).toEqual({ caseNumber: 3 });
    process.env.ENCRYPTION_KEYS = keyB;
    resetEnvForTests();
    expect(verifyOutboundMessageId(id, tenantId)).toBeNull();
  });

  it('the shape check recognizes ours and nothing else', () => {
    expect(isOwnMessageIdShape('cf.1.0123456789abcdef.0123456789abcdef01234567@example.com')).toBe(true);
    expect(isOwnMessageIdShape('<cf.1.0123456789abcdef.0123456789abcdef01234567@example.com>')).toBe(true);
    for (const other of [
      'CAF=abc@mail.gmail.com',
      'cf.0.0123456789abcdef.0123456789abcdef01234567@x.com',
      'cf.1.short.0123456789abcdef01234567@x.com',
      '',
    ]) {
      expect(isOwnMessageIdShape(other)).toBe(false);
    }
  });

  it('invalid input is refused', () => {
    expect(() => createOutboundMessageId({ tenantId, caseNumber: 0, domain: 'example.com' })).toThrow();
    expect(() => createOutboundMessageId({ tenantId, caseNumber: 1, domain: 'bad domain' })).toThrow();
    expect(() => createOutboundMessageId({ tenantId: 'nope', caseNumber: 1, domain: 'example.com' })).toThrow();
  });
});
