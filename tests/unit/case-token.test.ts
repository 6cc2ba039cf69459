// "[Case #N]" subject tokens: written once, read back tolerantly.
import { describe, expect, it } from 'vitest';
import { extractCaseTokens, formatCaseSubject } from '@/lib/mail/case-token';

describe('formatCaseSubject', () => {
  it('prefixes the token', () => {
    expect(formatCaseSubject(12, 'Printer on fire')).toBe('[Case #12] Printer on fire');
  });
  it('never doubles a token that is already there', () => {
    expect(formatCaseSubject(12, '[Case #12] Printer on fire')).toBe('[Case #12] Printer on fire');
    expect(formatCaseSubject(12, 'Re: [case #12] Printer on fire')).toBe('Re: [case #12] Printer on fire');
    expect(formatCaseSubject(12, formatCaseSubject(12, 'x'))).toBe('[Case #12] x');
  });
  it('keeps reply prefixes in front of the token', () => {
    expect(formatCaseSubject(3, 'Re: Fwd: help')).toBe('Re: Fwd: [Case #3] help');
    expect(formatCaseSubject(3, 'AW: Hilfe')).toBe('AW: [Case #3] Hilfe');
  });
  it('drops another case’s token', () => {
    expect(formatCaseSubject(7, '[Case #5] merged topic')).toBe('[Case #7] merged topic');
    expect(formatCaseSubject(7, '[Case #5] [Case #7] topic')).toBe('[Case #7] topic');
  });
  it('handles an empty subject', () => {
    expect(formatCaseSubject(1, '')).toBe('[Case #1]');
    expect(formatCaseSubject(1, undefined)).toBe('[Case #1]');
  });
});

describe('extractCaseTokens', () => {
  it('finds the token in a plain subject', () => {
    expect(extractCaseTokens('[Case #12] Printer on fire')).toEqual([12]);
  });
  it('tolerates reply/forward prefixes, case and spacing', () => {
    expect(extractCaseTokens('Re: Fwd: [Case #12] x')).toEqual([12]);
    expect(extractCaseTokens('re: [case #12] x')).toEqual([12]);
    expect(extractCaseTokens('[CASE#12]')).toEqual([12]);
    expect(extractCaseTokens('[ Case # 12 ]')).toEqual([12]);
  });
  it('returns every distinct number in order', () => {
    expect(extractCaseTokens('[Case #3] about [Case #9] and [case #3]')).toEqual([3, 9]);
  });
  it('ignores look-alikes', () => {
    for (const s of [
      'Case #12',
      '[Case 12]',
      '[Case #]',
      '[Case #0]',
      '(Case #12)',
      'Ticket [#12]',
      '',
      null,
      undefined,
    ]) {
      expect(extractCaseTokens(s)).toEqual([]);
    }
  });
});
