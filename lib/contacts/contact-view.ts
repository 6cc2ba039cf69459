// The public shapes of contacts and organisations (API, CLI, pages).
import type { contacts, organizations } from '@/db/schema';

export type ContactView = {
  id: string;
  email: string;
  name: string | null;
  organizationId: string | null;
  createdAt: string;
  updatedAt: string;
};

export type OrganizationView = {
  id: string;
  name: string;
  domains: string[];
  createdAt: string;
  updatedAt: string;
};

export function toContactView(row: typeof contacts.$inferSelect): ContactView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    organizationId: row.organizationId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toOrganizationView(row: typeof organizations.$inferSelect, domains: string[]): OrganizationView {
  return {
    id: row.id,
    name: row.name,
    domains: [...domains].sort(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
