// Which errors mean "the database is not there right now" (an outage: answer 503 / 451 and try
// again) rather than "this query is wrong" (a bug: 500). The doors (api/http/errors.ts,
// api/gateway/replies.ts) ask this one function, so the list lives in one place.

/** SQLSTATE classes and codes of an unreachable or overloaded server (PostgreSQL Appendix A). */
const unavailableSqlStates = new Set([
  '53300', // too_many_connections
  '57014', // query_canceled: our statement_timeout
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
]);

/** Socket errors on the way to the server. */
const unavailableErrnos = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * node-postgres's own messages for a connection that broke or never came (it sets no code), and the
 * server's and the socket's words, also when a caller re-threw them inside a message of its own
 * (api/messages/queue.ts keeps only the driver's message, so no query values reach a log).
 */
const unavailableMessages = [
  /Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Query read timeout/,
  /is not queryable/,
  /Cannot use a pool after calling end on the pool/,
  /terminating connection due to administrator command/,
  /the database system is (?:starting up|shutting down|in recovery mode)/,
  /canceling statement due to statement timeout/,
  /\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE)\b/,
];

function matches(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('08') && code.length === 5) return true; // connection_exception class
    if (unavailableSqlStates.has(code) || unavailableErrnos.has(code)) return true;
  }
  return unavailableMessages.some((re) => re.test(err.message));
}

/**
 * For an error that says the database is down, itself or an error it wraps (drizzle throws
 * DrizzleQueryError with the driver's error as `cause`; node an AggregateError for a host with several
 * addresses): the driver's code and message, fit for a log line (no query, no values). Else undefined.
 */
export function databaseUnavailableReason(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0) {
    const e = queue.shift();
    if (e === undefined || e === null || seen.has(e)) continue;
    seen.add(e);
    if (matches(e)) {
      const { code, message } = e as Error & { code?: unknown };
      return typeof code === 'string' ? `${code} ${message}` : message;
    }
    if (e instanceof AggregateError) queue.push(...e.errors);
    if (e instanceof Error) queue.push(e.cause);
  }
  return undefined;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  return databaseUnavailableReason(err) !== undefined;
}

/** Seconds a client is told to wait (Retry-After) while the database is away. */
export const unavailableRetryAfterSeconds = 5;
