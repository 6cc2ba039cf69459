// Password hashing (argon2id through @node-rs/argon2, prebuilt) and the password policy: at least 12
// characters and not guessable by zxcvbn-ts (common passwords, names, keyboard walks, repeats), so
// `aaaaaaaaaaaa` or `password1234` is refused with the reason.
import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { z } from 'zod';

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's 0–4 scale: 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
const MIN_SCORE = 3;

// Loading the dictionaries takes most of a second: once, on first use.
let strength: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  strength ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  return strength;
}

/** Why a password is too easy to guess, or null when it is strong enough. */
export function passwordWeakness(password: string): string | null {
  // zxcvbn's cost grows with length; past 100 characters a passphrase is long enough on its own.
  const result = estimator().check(password.slice(0, 100));
  if (result.score >= MIN_SCORE) return null;
  const why = result.feedback.warning;
  return `This password is too easy to guess${why ? ` (${why.replace(/\.$/, '').toLowerCase()})` : ''}. Add more words or characters.`;
}

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters for the password.`)
  .max(200, 'Use at most 200 characters for the password.')
  .superRefine((password, ctx) => {
    if (password.length < MIN_PASSWORD_LENGTH || password.length > 200) return;
    const weakness = passwordWeakness(password);
    if (weakness) ctx.addIssue({ code: 'custom', message: weakness });
  });

const ARGON2ID = 2; // Algorithm.Argon2id (const enum in the typings)

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
