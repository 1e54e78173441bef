import { readFileSync } from 'node:fs';
import path from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { type LimitsConfig, limitsConfig, limitsEnv } from './limits/config';
import { isLoopbackHost } from './loopback';

// The service's whole configuration, parsed once at start-up (CONTRACT.md "Configuration").
// A bad value stops start-up with a message that names the variable; secrets may also come from
// `<NAME>_FILE` (a path whose contents are the value), as container platforms hand them over.

function validTrustList(list: string[]): boolean {
  try {
    proxyaddr.compile(list);
    return true;
  } catch {
    return false;
  }
}

const port = z.coerce.number().int().min(1).max(65535);
/** An optional number: unset or empty (`NAME=` in an env file) means not given. */
const optionalNumber = <T extends z.ZodType<number, unknown>>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z
  .object({
    PORT: port.default(8787),
    PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
        .optional(),
    ),
    SMTP_URL: optionalString.pipe(
      z
        .string()
        .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
        .optional(),
    ),
    MAIL_FROM: z.string().min(3).default('vertraulich <noreply@localhost>'),
    TWILIO_ACCOUNT_SID: optionalString,
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_FROM: optionalString,
    TWILIO_API_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
    MASTER_KEY: optionalString.pipe(
      z
        .string()
        .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes')
        .optional(),
    ),
    SMTP_GATEWAY_PORT: port.default(2587),
    /** Optional second gateway port speaking TLS from the first byte (port 465 style, RFC 8314). */
    SMTP_GATEWAY_TLS_PORT: optionalNumber(port),
    TLS_CERT_FILE: optionalString,
    TLS_KEY_FILE: optionalString,
    /** Largest total of attachments accepted per message, in bytes (default 25 MB). */
    MAX_ATTACHMENT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(25 * 1024 * 1024),
    /** Sealing worker threads (api/seal-pool): one per core by default; each holds ~75 MB. */
    SEAL_WORKERS: optionalNumber(z.coerce.number().int().min(1).max(64)),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Reverse proxies whose X-Forwarded-For names the client: CIDRs, addresses or proxy-addr's names. */
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((v) => (v ?? '').split(/[\s,]+/).filter(Boolean))
      .refine((list) => validTrustList(list), 'must be a list of addresses or CIDRs, e.g. 10.0.0.0/8,::1'),
    // Abuse limits: quotas, recipients per message, sign-ups, SMS countries, gateway connections.
    ...limitsEnv,
  })
  .superRefine((c, ctx) => {
    // Passwords travel to PUBLIC_URL and back (portal, add-ins, /open, mailed links): in clear only
    // to this machine itself. Behind a TLS proxy, PUBLIC_URL is the proxy's https:// address.
    if (c.PUBLIC_URL?.startsWith('http:') && !isLoopbackHost(new URL(c.PUBLIC_URL).hostname)) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message:
          'must be https:// (a plain http:// address is only allowed for localhost, 127.0.0.1 or [::1]); behind a TLS proxy give its https:// address',
      });
    }
    const twilio = [c.TWILIO_ACCOUNT_SID, c.TWILIO_AUTH_TOKEN, c.TWILIO_FROM];
    if (twilio.some(Boolean) && !twilio.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TWILIO_ACCOUNT_SID'],
        message: 'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM must be set together',
      });
    }
    if (c.SMTP_GATEWAY_TLS_PORT !== undefined && !c.TLS_CERT_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_GATEWAY_TLS_PORT'],
        message: 'needs TLS_CERT_FILE and TLS_KEY_FILE',
      });
    }
    if (Boolean(c.TLS_CERT_FILE) !== Boolean(c.TLS_KEY_FILE)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TLS_CERT_FILE'],
        message: 'TLS_CERT_FILE and TLS_KEY_FILE must be set together',
      });
    }
  });

export interface Config {
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  twilio: { accountSid: string; authToken: string; from: string; apiBaseUrl: string } | undefined;
  masterKey: Buffer | undefined;
  smtpGatewayPort: number;
  smtpGatewayTlsPort: number | undefined;
  tls: { certFile: string; keyFile: string } | undefined;
  maxAttachmentBytes: number;
  /** SEAL_WORKERS; unset: one per core. */
  sealWorkers: number | undefined;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** TRUST_PROXY; empty: the socket's address is the client's. */
  trustProxy: string[];
  limits: LimitsConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const secretNames = ['DATABASE_URL', 'SMTP_URL', 'TWILIO_AUTH_TOKEN', 'MASTER_KEY'] as const;

/** Copies `<NAME>_FILE` contents into `<NAME>` for the secrets, unless `<NAME>` is set itself. */
function withFileSecrets(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const name of secretNames) {
    const file = env[`${name}_FILE`];
    if (file && !env[name]) {
      try {
        out[name] = readFileSync(file, 'utf8').trim();
      } catch (err) {
        throw new ConfigError(`${name}_FILE: cannot read ${file} (${(err as Error).message})`);
      }
    }
  }
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(withFileSecrets(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''),
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    twilio:
      c.TWILIO_ACCOUNT_SID && c.TWILIO_AUTH_TOKEN && c.TWILIO_FROM
        ? {
            accountSid: c.TWILIO_ACCOUNT_SID,
            authToken: c.TWILIO_AUTH_TOKEN,
            from: c.TWILIO_FROM,
            apiBaseUrl: c.TWILIO_API_BASE_URL.replace(/\/+$/, ''),
          }
        : undefined,
    masterKey: c.MASTER_KEY ? Buffer.from(c.MASTER_KEY, 'base64') : undefined,
    smtpGatewayPort: c.SMTP_GATEWAY_PORT,
    smtpGatewayTlsPort: c.SMTP_GATEWAY_TLS_PORT,
    tls:
      c.TLS_CERT_FILE && c.TLS_KEY_FILE ? { certFile: c.TLS_CERT_FILE, keyFile: c.TLS_KEY_FILE } : undefined,
    maxAttachmentBytes: c.MAX_ATTACHMENT_BYTES,
    sealWorkers: c.SEAL_WORKERS,
    logLevel: c.LOG_LEVEL,
    trustProxy: c.TRUST_PROXY,
    limits: limitsConfig(c),
  };
}
