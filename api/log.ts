import { type DestinationStream, type Logger, pino } from 'pino';

// One logger for the service. Passwords, tokens, keys and authorization headers are replaced by
// pino's redaction wherever they appear at the top level or one or two levels down, so a careless
// `log.info({ body })` cannot leak them. Message contents are never passed to the logger at all.

export type { Logger } from 'pino';

const secretKeys = [
  'authorization',
  'cookie',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'apiKey',
  'key',
  'secret',
  'authToken',
  'masterKey',
  'databaseUrl',
  'smtpUrl',
];

export const redactPaths = secretKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export interface LogOptions {
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

export function createLogger(options: LogOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'vertraulich' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/** A logger that writes nothing (CLI commands and tests that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
