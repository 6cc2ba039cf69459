import { describe, expect, it } from 'vitest';
import { AppError, errorMessage, publicError } from '@/lib/errors';

describe('errorMessage', () => {
  it("returns an Error's own message", () => {
    expect(errorMessage(new Error('connection refused'))).toBe('connection refused');
  });

  it('returns the string form of anything else thrown', () => {
    expect(errorMessage('plain string')).toBe('plain string');
    expect(errorMessage(42)).toBe('42');
  });
});

describe('publicError', () => {
  it("keeps an AppError's code, message and status", () => {
    expect(publicError(new AppError('not_found', 'No such case'))).toEqual({
      code: 'not_found',
      message: 'No such case',
      status: 404,
      details: undefined,
    });
  });

  it('says nothing internal about an unknown error', () => {
    const shown = publicError(new Error('relation "cases" does not exist at /app/lib/x.ts:12'));
    expect(shown.status).toBe(500);
    expect(shown.message).not.toMatch(/relation|lib\//);
  });
});
