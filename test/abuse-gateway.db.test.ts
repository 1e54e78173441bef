import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suspendAccount, unsuspendAccount } from '../api/accounts/suspension';
import { accounts } from '../db/schema/accounts';
import { type GatewayStack, startGatewayStack } from './gateway-harness';

// Issue 13 through the SMTP gateway, on the real send path: an unverified or suspended account gets
// 550 5.7.1, a quota 451 4.7.1, the recipient limit 452 4.5.3 at RCPT; in each case nothing reaches
// the relay and nothing is stored.

let stack: GatewayStack;
beforeAll(async () => {
  stack = await startGatewayStack({ LIMIT_MESSAGES_PER_DAY_FREE: '2', LIMIT_RECIPIENTS_PER_MESSAGE: '2' });
});
afterAll(() => stack?.close());

function submit(user: { email: string; password: string }, to: string[] = ['bob@example.net']) {
  return nodemailer
    .createTransport({
      host: '127.0.0.1',
      port: stack.port,
      secure: false,
      auth: { user: user.email, pass: user.password },
    })
    .sendMail({ from: user.email, to, subject: 'Befund', text: 'Anbei der Befund.' });
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error('expected a refusal');
  return (err as { response?: string }).response ?? err.message;
}

describe('the gateway refuses what the abuse controls refuse', () => {
  it('refuses an unverified account with 550 5.7.1 and sends nothing, then sends once it is proven', async () => {
    const user = await stack.account('free', 'Dr. Neu');
    await stack.database.db.update(accounts).set({ verifiedAt: null }).where(eq(accounts.email, user.email));
    const before = stack.sink.messages.length;
    expect(await refusal(submit(user))).toMatch(/^550 5\.7\.1 Please confirm your email address first/);
    expect(await stack.history(user.token)).toEqual([]);
    expect(stack.sink.messages.length).toBe(before);

    await stack.database.db
      .update(accounts)
      .set({ verifiedAt: new Date() })
      .where(eq(accounts.email, user.email));
    const info = await submit(user);
    expect(info.response).toMatch(/^250 /);
    expect(await stack.history(user.token)).toHaveLength(1);
  });

  it('answers 451 4.7.1 once the daily quota is used up, and relays nothing more', async () => {
    const user = await stack.account('free', 'Dr. Fleißig');
    await submit(user);
    await submit(user);
    // Both delivered, with their receipts, before the count is taken.
    const mine = () => stack.sink.messages.filter((m) => m.to.includes(user.email)).length;
    await expect.poll(mine, { timeout: 30_000 }).toBe(2);
    await expect
      .poll(async () => (await stack.history(user.token)).map((m) => m.status), { timeout: 30_000 })
      .toEqual(['sent', 'sent']);
    const before = stack.sink.messages.length;
    expect(await refusal(submit(user))).toMatch(/^451 4\.7\.1 You have sent 2 messages in the last 24 hours/);
    expect(await stack.history(user.token)).toHaveLength(2);
    expect(stack.sink.messages.length).toBe(before);
  });

  it('answers 452 4.5.3 past the recipient limit at RCPT time', async () => {
    const user = await stack.account('paid', 'Dr. Viele');
    const info = await submit(user, ['a@example.net', '+4917055555555@sms.local', 'c@example.net']);
    expect(info.rejected).toEqual(['c@example.net']);
    const [message] = await stack.history(user.token);
    expect(message?.recipients.map((r) => r.address)).toEqual(['a@example.net']);
    expect(message?.sms.map((s) => s.phone)).toEqual(['+4917055555555']);
    // Delivered with its receipt before the next test counts the relay's mails.
    await expect.poll(() => stack.sink.messages.filter((m) => m.to.includes(user.email)).length).toBe(1);
    await expect.poll(async () => (await stack.history(user.token))[0]?.status).not.toBe('queued');
  });

  it('refuses a suspended account with 550 5.7.1 and the reason, and takes it again after unsuspend', async () => {
    const user = await stack.account('free', 'Dr. Gesperrt');
    await suspendAccount(stack.database.db, user.email, 'Spam reported by recipients', new Date());
    const before = stack.sink.messages.length;
    const reply = await refusal(submit(user));
    expect(reply).toMatch(/^550 5\.7\.1 This account is suspended/);
    expect(reply).toContain('Spam reported by recipients');
    expect(stack.sink.messages.length).toBe(before);
    await unsuspendAccount(stack.database.db, user.email, new Date());
    expect((await submit(user)).response).toMatch(/^250 /);
  });
});
