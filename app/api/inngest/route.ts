// /api/inngest – Inngest calls the functions here (and syncs their configuration with PUT).
import { serve } from 'inngest/next';
import { inngest } from '@/inngest/client';
import { functions } from '@/inngest';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
// A mailbox sync step can take a while on a large import.
export const maxDuration = 300;

export const { GET, POST, PUT } = serve({ client: inngest, functions });
