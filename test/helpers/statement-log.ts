import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

// Every SQL statement the service sends to its database while recording, on either back end: the
// driver's own entry points are wrapped, below drizzle, so BEGIN and COMMIT count as well.
//
//   PostgreSQL  node-postgres Client#query: one statement, one round trip to the server.
//   PGlite      PGlite#execProtocolStream: each protocol message is one call into the WASM
//               postgres; a statement is a simple Query ('Q') or starts with a Parse ('P'), followed
//               by describe, bind, describe, execute and sync for a parameterised query.

export interface StatementLog {
  /** The SQL of each statement, in order. */
  readonly statements: string[];
  /** Calls into the database: round trips (PostgreSQL) or protocol messages into WASM (PGlite). */
  readonly calls: number;
  stop(): void;
}

/** Parse: 'P', length, statement name (C string), query (C string), …; Query: 'Q', length, query. */
function sqlOf(message: Uint8Array): string | undefined {
  const type = message[0];
  if (type !== 0x50 && type !== 0x51) return undefined;
  let start = 5;
  if (type === 0x50) start = message.indexOf(0, start) + 1;
  const end = message.indexOf(0, start);
  return Buffer.from(message.subarray(start, end)).toString('utf8');
}

export function recordStatements(): StatementLog {
  const statements: string[] = [];
  let calls = 0;
  const pgQuery = pg.Client.prototype.query;
  const pgliteExec = PGlite.prototype.execProtocolStream;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text;
    calls += 1;
    statements.push(text ?? '(unknown)');
    return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pgQuery;
  PGlite.prototype.execProtocolStream = function (this: PGlite, message, options) {
    calls += 1;
    const text = sqlOf(message);
    if (text !== undefined) statements.push(text);
    return pgliteExec.call(this, message, options);
  };
  return {
    statements,
    get calls() {
      return calls;
    },
    stop() {
      pg.Client.prototype.query = pgQuery;
      PGlite.prototype.execProtocolStream = pgliteExec;
    },
  };
}
