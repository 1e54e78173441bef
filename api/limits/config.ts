import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';

// The abuse limits' part of the configuration (CONTRACT.md "Configuration"), parsed with the rest in
// api/config.ts. Every limit is counted in the database (api/limits/quota.ts), so it holds for
// several service instances on one PostgreSQL; only the gateway's connection limits are per process.

/** EU and EEA members, Switzerland and the United Kingdom (ISO 3166-1 alpha-2). */
export const DEFAULT_SMS_COUNTRIES = [
  ...['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE'],
  ...['IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'],
  ...['IS', 'LI', 'NO', 'CH', 'GB'],
];

const count = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

const smsCountries = z
  .string()
  .optional()
  .transform((v, ctx): string[] | 'any' => {
    if (v === undefined || v.trim() === '') return DEFAULT_SMS_COUNTRIES;
    if (v.trim() === '*') return 'any';
    const codes = v.split(',').map((c) => c.trim().toUpperCase());
    const unknown = codes.filter((c) => !isSupportedCountry(c));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown country code ${unknown.join(', ')}: a comma-separated list like DE,AT,CH, or *`,
      });
    }
    return codes;
  });

export const limitsEnv = {
  LIMIT_MESSAGES_PER_DAY_FREE: count(20),
  LIMIT_MESSAGES_PER_DAY_PAID: count(1000),
  LIMIT_RECIPIENTS_PER_MESSAGE: count(50),
  LIMIT_SMS_PER_DAY: count(200),
  LIMIT_SIGNUPS_PER_IP_PER_HOUR: count(5),
  /** Countries whose numbers may get the password by SMS; `*` for every country. */
  SMS_COUNTRIES: smsCountries,
  /** Connections the SMTP gateway serves at once (smtp-server `maxClients`). */
  SMTP_GATEWAY_MAX_CLIENTS: count(100),
  /** New gateway connections one client address may open per minute. */
  SMTP_GATEWAY_CONNECTIONS_PER_MINUTE: count(30),
};

export interface LimitsConfig {
  messagesPerDay: { free: number; paid: number };
  recipientsPerMessage: number;
  smsPerDay: number;
  signupsPerIpPerHour: number;
  smsCountries: string[] | 'any';
  gatewayMaxClients: number;
  gatewayConnectionsPerMinute: number;
}

type LimitsEnv = { [K in keyof typeof limitsEnv]: z.infer<(typeof limitsEnv)[K]> };

export function limitsConfig(c: LimitsEnv): LimitsConfig {
  return {
    messagesPerDay: { free: c.LIMIT_MESSAGES_PER_DAY_FREE, paid: c.LIMIT_MESSAGES_PER_DAY_PAID },
    recipientsPerMessage: c.LIMIT_RECIPIENTS_PER_MESSAGE,
    smsPerDay: c.LIMIT_SMS_PER_DAY,
    signupsPerIpPerHour: c.LIMIT_SIGNUPS_PER_IP_PER_HOUR,
    smsCountries: c.SMS_COUNTRIES,
    gatewayMaxClients: c.SMTP_GATEWAY_MAX_CLIENTS,
    gatewayConnectionsPerMinute: c.SMTP_GATEWAY_CONNECTIONS_PER_MINUTE,
  };
}
