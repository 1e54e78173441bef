import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { databaseUnavailableReason, isDatabaseUnavailable } from './errors';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('which errors mean the database is not there', () => {
  it.each([
    ['pg_terminate_backend', withCode('terminating connection due to administrator command', '57P01')],
    ['a server starting up', withCode('the database system is starting up', '57P03')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['our statement timeout', withCode('canceling statement due to statement timeout', '57014')],
    ['a connection exception class 08', withCode('connection failure', '08006')],
    ['a refused socket', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a cut socket', new Error('Connection terminated unexpectedly')],
    ['the pool waiting in vain', new Error('timeout exceeded when trying to connect')],
    ['a broken client', new Error('Client has encountered a connection error and is not queryable')],
    [
      'drizzle wrapping the driver',
      new DrizzleQueryError('select 1', [], withCode('terminating connection', '57P01')),
    ],
    [
      'a message re-thrown with the reason only',
      new Error('storing the message failed: Connection terminated'),
    ],
    ['every address of a host refused', new AggregateError([withCode('connect', 'ECONNREFUSED')], 'x')],
  ])('%s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near "selec"', '42601')],
    ['NUL in text', withCode('invalid byte sequence for encoding "UTF8": 0x00', '22021')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', 'Connection terminated'],
  ])('not %s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it('names the driver reason without the query or its values', () => {
    const err = new DrizzleQueryError('insert into t values ($1)', ['secret'], withCode('gone', '57P01'));
    expect(databaseUnavailableReason(err)).toBe('57P01 gone');
  });
});
