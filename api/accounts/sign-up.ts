import type { Database } from '../../db/client';
import { accounts } from '../../db/schema/accounts';
import { newId } from '../../db/schema/columns';
import { countSignUp } from '../limits/signups';
import type { Language } from '../seal/types';
import { type AccountMailQueue, buildAccountMail } from './account-mail';
import { checkPasswordRules, hashPassword, normaliseEmail } from './credentials';
import { checkName } from './names';
import type { CurrentAccount } from './types';
import { issueVerificationToken, resendToken, verificationLink } from './verification';

// Self sign-up with double opt-in (CONTRACT.md "POST /v1/accounts", issue 13). The account starts
// unverified and a mail with a one-time link goes to the address; nothing can be sent before it is
// opened. A taken address is answered exactly like a new one (same status, same shape, the same
// Argon2 and database work), and its owner gets a mail instead: the answer must not tell a stranger
// which addresses have an account.

export interface SignUpDeps {
  db: Database;
  now: () => Date;
  mail: AccountMailQueue;
  mailFrom: string;
  publicUrl: string;
  signupsPerIpPerHour: number;
}

export interface SignUpInput {
  email: string;
  password: string;
  name?: string | undefined;
  language: Language;
  ip: string;
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export async function signUp(deps: SignUpDeps, input: SignUpInput): Promise<CurrentAccount> {
  const email = normaliseEmail(input.email);
  checkPasswordRules(input.password);
  const name = checkName(input.name) ?? null;
  const now = deps.now();
  await countSignUp(deps.db, input.ip, deps.signupsPerIpPerHour, now);
  const passwordHash = await hashPassword(input.password);
  const id = newId('acc');
  let token: string | undefined;
  try {
    token = await deps.db.transaction(async (tx) => {
      await tx.insert(accounts).values({
        id,
        email,
        name,
        plan: 'free',
        passwordHash,
        verifiedAt: null,
        createdAt: now,
        updatedAt: now,
      });
      return issueVerificationToken(tx, id, now);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const mail = await buildAccountMail({
    kind: token ? 'verify' : 'taken',
    language: input.language,
    to: email,
    link: token ? verificationLink(deps.publicUrl, token) : `${deps.publicUrl.replace(/\/+$/, '')}/`,
    mailFrom: deps.mailFrom,
    now,
  });
  await deps.mail.enqueue(mail);
  // For a taken address: the id is a fresh one that belongs to nobody, the rest is what was typed.
  return { id, email, name, plan: 'free', verified: false };
}

/** POST /v1/accounts/verify/resend: a new link for a signed-in, not yet verified account. */
export async function resendVerification(
  deps: Omit<SignUpDeps, 'signupsPerIpPerHour'>,
  account: Pick<CurrentAccount, 'id' | 'email'>,
  language: Language,
): Promise<{ sent: boolean }> {
  const now = deps.now();
  const token = await resendToken(deps.db, account.id, now);
  if (!token) return { sent: false };
  const mail = await buildAccountMail({
    kind: 'verify',
    language,
    to: account.email,
    link: verificationLink(deps.publicUrl, token),
    mailFrom: deps.mailFrom,
    now,
  });
  await deps.mail.enqueue(mail);
  return { sent: true };
}
