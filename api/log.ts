import { DrizzleQueryError } from 'drizzle-orm/errors';
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

/**
 * drizzle's DrizzleQueryError puts the query's parameters into its message and stack, and those can
 * be token hashes, addresses or sealed data. Logged errors keep the SQL and the driver's cause only.
 */
export function withoutQueryParams(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error) || depth > 8) return err;
  const cause = withoutQueryParams(err.cause, depth + 1);
  if (err instanceof DrizzleQueryError) {
    const clean = new Error(`Failed query: ${err.query}`, { cause });
    clean.name = 'DrizzleQueryError';
    const frames = (err.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at '));
    clean.stack = [`DrizzleQueryError: ${clean.message}`, ...frames].join('\n');
    return clean;
  }
  if (cause === err.cause) return err;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(err) as object) as Error, err);
  Object.defineProperties(copy, {
    message: { value: err.message, enumerable: false },
    stack: { value: err.stack, enumerable: false },
    cause: { value: cause, enumerable: false },
  });
  return copy;
}

const serializeError = (err: unknown) => pino.stdSerializers.err(withoutQueryParams(err) as Error);

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
      serializers: { err: serializeError },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/** A logger that writes nothing (CLI commands and tests that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
