import { z } from 'zod';

export const tenantNameSchema = z.string().trim().min(2, 'Use at least 2 characters for the name.').max(100);
export const tenantSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'Use at least 2 characters for the slug.')
  .max(48)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Use lowercase letters, digits and dashes for the slug.');
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address.'));

export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'team'
  );
}
