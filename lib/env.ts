// Every environment variable Caseflow reads, parsed once with zod.
// The rest of the code imports `env` and never touches process.env.
import { z } from 'zod';
import { booleanInput } from './boolean-text';
import { loadLocalSecrets } from './local-secrets';

const bool = booleanInput('must be true or false (1/0, yes/no, on/off).');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /**
     * Public base URL used in links (webhook payloads, OAuth redirect, invitations). Required when
     * NODE_ENV=production: links are then never built from request headers a client controls.
     */
    APP_URL: z.url().optional(),
    /** Behind a reverse proxy that sets X-Forwarded-Host/-Proto: trust them (only then). */
    TRUST_PROXY: bool.default(false),
    /** PostgreSQL connection string. Unset: embedded PGlite in DATA_DIR/pglite. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
    /** Where embedded data and generated secrets live. */
    DATA_DIR: z.string().min(1).default('./.data'),
    /** next-auth secret; generated into DATA_DIR on first start when unset. */
    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /**
     * Data-encryption keys for sealed secrets: "id:base64key[,id:base64key…]"; the first seals,
     * all open. Generated into DATA_DIR on first start when unset.
     */
    ENCRYPTION_KEYS: z
      .string()
      .regex(
        /^[a-z0-9]{1,16}:[A-Za-z0-9+/=]{43,44}(,[a-z0-9]{1,16}:[A-Za-z0-9+/=]{43,44})*$/,
        'expected "id:base64-32-byte-key[,…]"',
      )
      .optional(),
    /** Comma-separated CIDRs and host names exempt from the outbound private-address guard. */
    ALLOW_PRIVATE_HOSTS: z.string().default(''),
    /** Largest JSON body /api/v1 accepts, in bytes (uploads have their own per-route limit). */
    API_JSON_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    /** How long a client may take to send a request body, in milliseconds, before it is answered 408. */
    REQUEST_BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    /** How long a client may take to send a request's headers (`npm start`), in milliseconds; then the socket is closed. */
    REQUEST_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
    /**
     * The system's own outgoing mail (password-reset links, invitations): "smtp://user:pass@host:587" or
     * "smtps://…:465". Unset: the links are printed to the server log instead.
     */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'must look like smtp://user:pass@host:587 or smtps://host:465')
      .optional(),
    /** From address of the system's mail; default no-reply@ the APP_URL host (or localhost). */
    MAIL_FROM: z.string().trim().min(3).max(320).optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    INNGEST_EVENT_KEY: z.string().min(1).optional(),
    INNGEST_SIGNING_KEY: z.string().min(1).optional(),
    INNGEST_BASE_URL: z.url().optional(),
    INNGEST_DEV: z.string().min(1).optional(),
    /** In-process runner: concurrent mailbox syncs. */
    RUNNER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    /** In-process runner: disable entirely (e.g. web-only instances next to `npm run worker`). */
    RUNNER_DISABLED: bool.default(false),
    /** Maximum simultaneous IMAP IDLE connections per runner. */
    IDLE_MAX_CONNECTIONS: z.coerce.number().int().min(0).max(10000).default(50),
    /**
     * Time budget for reading one message (parse, classify, rules, sanitize, text split) in the worker
     * pool; a message over it is quarantined with reason `processing-timeout` and its worker replaced.
     */
    MESSAGE_BUDGET_MS: z.coerce.number().int().min(50).max(600_000).default(2000),
    /** Seconds an agent's reply waits before it is sent, during which "Undo send" withdraws it. 0: at once. */
    REPLY_SEND_DELAY_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
    /** Messages per sync transaction (and per server delete); a batch also stops at about 32 MB. */
    SYNC_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(250),
    /** Worker threads that read message content. Unset: the machine's cores. */
    MESSAGE_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    /**
     * Forwarding addresses (inbound SMTP): the port Caseflow listens on for mail forwarded to
     * `<token>@INBOUND_DOMAIN`. Unset: no SMTP listener.
     */
    SMTP_INBOUND_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** Address the inbound SMTP listener binds to. */
    SMTP_INBOUND_HOST: z.string().min(1).default('0.0.0.0'),
    /** The domain of forwarding addresses (its MX points at this host). */
    INBOUND_DOMAIN: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9.-]+$/, 'must be a domain name like in.help.example.com')
      .optional(),
    /** PEM key and certificate files for STARTTLS on the inbound listener (both, or neither). */
    SMTP_INBOUND_TLS_KEY: z.string().min(1).optional(),
    SMTP_INBOUND_TLS_CERT: z.string().min(1).optional(),
    /** Largest message the inbound listener accepts (announced as SIZE; 552 over it). */
    SMTP_INBOUND_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .default(25 * 1024 * 1024),
    /** Messages a tenant may receive per minute over SMTP before the listener answers 451 (try later). */
    SMTP_INBOUND_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    /**
     * Sender verification for mailboxes that do not choose: enforce (unverified senders cannot join by
     * subject token, reopen, or get an acknowledgement), record (checks and badges only), off.
     */
    SENDER_VERIFICATION: z.enum(['enforce', 'record', 'off']).default('enforce'),
    /** DNS servers sender verification asks ("127.0.0.1", "10.0.0.2:5353", comma-separated); unset: the system's. */
    SENDER_VERIFICATION_DNS: z.string().optional(),
    /** Time the checks of one message may take (DNS included); past it the sender counts as unverified. */
    SENDER_VERIFICATION_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(5000),
    /** Microsoft Graph's base URL for 'graph' mailboxes (a mailbox's own apiBaseUrl wins). */
    GRAPH_API_URL: z.url().default('https://graph.microsoft.com/v1.0'),
    /** The Gmail API's base URL for 'gmail-api' mailboxes (a mailbox's own apiBaseUrl wins). */
    GMAIL_API_URL: z.url().default('https://gmail.googleapis.com'),
    /** Microsoft's sign-in authority for 'graph' mailboxes: token URLs are `<authority>/<directory>/oauth2/v2.0/…`. */
    MICROSOFT_AUTHORITY_URL: z.url().default('https://login.microsoftonline.com'),
    /** rspamd's controller or normal worker ("http://127.0.0.1:11333"): every new message is scored at ingestion. */
    RSPAMD_URL: z.url().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.NODE_ENV === 'production' && !v.APP_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['APP_URL'],
        message: 'is required when NODE_ENV=production (the public URL links point to, e.g. https://help.example.com)',
      });
    if (v.SMTP_INBOUND_PORT !== undefined && !v.INBOUND_DOMAIN)
      ctx.addIssue({ code: 'custom', path: ['INBOUND_DOMAIN'], message: 'is required with SMTP_INBOUND_PORT' });
    if (Boolean(v.SMTP_INBOUND_TLS_KEY) !== Boolean(v.SMTP_INBOUND_TLS_CERT))
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_INBOUND_TLS_CERT'],
        message: 'SMTP_INBOUND_TLS_KEY and SMTP_INBOUND_TLS_CERT go together',
      });
  });

export type Env = z.infer<typeof schema> & { AUTH_SECRET: string; ENCRYPTION_KEYS: string };

export class EnvError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid environment:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses an environment object; exported for tests. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  // `next build` runs with NODE_ENV=production but serves no links: APP_URL is needed at run time only.
  const building = source.NEXT_PHASE === 'phase-production-build';
  const result = schema.safeParse(building ? { ...cleaned, NODE_ENV: 'development' } : cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const parsed = building ? { ...result.data, NODE_ENV: 'production' as const } : result.data;
  const secrets =
    parsed.AUTH_SECRET && parsed.ENCRYPTION_KEYS
      ? { authSecret: parsed.AUTH_SECRET, encryptionKeys: parsed.ENCRYPTION_KEYS }
      : loadLocalSecrets(parsed.DATA_DIR);
  return {
    ...parsed,
    AUTH_SECRET: parsed.AUTH_SECRET ?? secrets.authSecret,
    ENCRYPTION_KEYS: parsed.ENCRYPTION_KEYS ?? secrets.encryptionKeys,
  };
}

let cached: Env | undefined;

/** The parsed environment, computed on first use (never at build time). */
export const env: Env = new Proxy({} as Env, {
  get(_target, key: string) {
    cached ??= parseEnv(process.env);
    return cached[key as keyof Env];
  },
});

/** Whether Inngest drives the durable runs (otherwise the in-process runner does). */
export function inngestConfigured(): boolean {
  return Boolean(env.INNGEST_EVENT_KEY || env.INNGEST_BASE_URL || env.INNGEST_DEV);
}

/** Test hook: forget the cached environment after changing process.env. */
export function resetEnvForTests(): void {
  cached = undefined;
}
