import { parseArgs } from 'node:util';
import { type Plan, plans } from '../../db/schema/accounts';
import { createAccount, findAccountByEmail, setPlan } from '../accounts/accounts';
import { createApiKey } from '../accounts/api-keys';
import { checkPasswordRules } from '../accounts/credentials';
import { unlockAccount, unlockIp } from '../accounts/lockout';
import { checkName } from '../accounts/names';
import { suspendAccount, unsuspendAccount } from '../accounts/suspension';
import { AppError } from '../errors';
import { type DatabaseWork, UsageError, withDatabase } from './migrate';

// `vertraulich account create|set-plan|unlock|suspend|unsuspend` for operators and support
// (CONTRACT.md "Command line"). An account created without --password signs in with its API key
// only: there is no password to leak or forget, and nobody has to pass one on a command line.
// Accounts made here are verified: the operator vouches for the address. A suspended account sends
// nothing and cannot sign in; its mail still in the outbox waits and goes out after unsuspend.

const usage = `usage:
  vertraulich account create --email E [--password P] [--plan free|paid] [--name N]
  vertraulich account set-plan --email E --plan free|paid
  vertraulich account unlock --email E | --ip ADDR
  vertraulich account suspend --email E [--reason TEXT]
  vertraulich account unsuspend --email E`;

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        plan: { type: 'string' },
        name: { type: 'string' },
        ip: { type: 'string' },
        reason: { type: 'string' },
      },
    }).values;
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${usage}`);
  }
}

function planOf(value: string | undefined, required: boolean): Plan | undefined {
  if (value === undefined) {
    if (required) throw new UsageError(`--plan is required (free or paid)\n${usage}`);
    return undefined;
  }
  if (!(plans as readonly string[]).includes(value))
    throw new UsageError(`--plan must be free or paid, not '${value}'`);
  return value as Plan;
}

function emailOf(value: string | undefined): string {
  if (!value) throw new UsageError(`--email is required\n${usage}`);
  return value;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!['create', 'set-plan', 'unlock', 'suspend', 'unsuspend'].includes(sub ?? '')) {
    process.stderr.write(
      `vertraulich account: ${sub ? `unknown subcommand '${sub}'` : 'which subcommand?'}\n${usage}\n`,
    );
    return 2;
  }
  let o: ReturnType<typeof parse>;
  try {
    o = parse(rest);
  } catch (err) {
    process.stderr.write(`vertraulich account ${sub}: ${(err as Error).message}\n`);
    return 2;
  }
  return withDatabase(`account ${sub}`, () => work(sub as Subcommand, o));
}

type Subcommand = 'create' | 'set-plan' | 'unlock' | 'suspend' | 'unsuspend';

/** Checks every argument of `sub`, then returns what it does with the database. */
function work(sub: Subcommand, o: ReturnType<typeof parse>): DatabaseWork {
  if (sub === 'create') {
    const email = emailOf(o.email);
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) throw new UsageError(`'${email}' is not an email address`);
    if (o.password !== undefined) checkPasswordRules(o.password);
    const input = { email, password: o.password, name: checkName(o.name), plan: planOf(o.plan, false) };
    return async (db) => {
      const account = await createAccount(db, input);
      const key = await createApiKey(db, account.id, 'created on the command line', new Date());
      return { id: account.id, email: account.email, plan: account.plan, apiKey: key.apiKey };
    };
  }
  if (sub === 'set-plan') {
    const email = emailOf(o.email);
    const plan = planOf(o.plan, true) ?? 'free';
    return async (db) => {
      const account = await setPlan(db, email, plan, new Date());
      return { id: account.id, email: account.email, plan: account.plan };
    };
  }
  if (sub === 'suspend' || sub === 'unsuspend') {
    const email = emailOf(o.email);
    return async (db) => {
      const account =
        sub === 'suspend'
          ? await suspendAccount(db, email, o.reason, new Date())
          : await unsuspendAccount(db, email, new Date());
      return { id: account.id, email: account.email, suspended: account.suspended, reason: account.reason };
    };
  }
  if ((o.email === undefined) === (o.ip === undefined))
    throw new UsageError(`give either --email or --ip\n${usage}`);
  const ip = o.ip;
  if (ip !== undefined) return async (db) => ({ ip, unlocked: await unlockIp(db, ip) });
  const email = emailOf(o.email);
  return async (db) => {
    const account = await findAccountByEmail(db, email);
    if (!account) throw new AppError('not_found', `no account with the email address ${email}`);
    return { email: account.email, unlocked: await unlockAccount(db, account.email) };
  };
}
