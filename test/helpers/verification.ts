import { expect } from 'vitest';

// Double opt-in in tests (issue 13): a sign-up gets a mail with the link `${PUBLIC_URL}/#/verify/<token>`,
// and nothing can be sent before it is opened. These read the token from the mails a test relay or
// the in-memory transport caught, as the user would from their inbox.

export interface CaughtMail {
  to?: string[];
  envelope?: { to: string[] };
  raw: Buffer;
}

const linkPattern = /#\/verify\/(vtv_[A-Za-z0-9_-]+)/;

function recipients(mail: CaughtMail): string[] {
  return (mail.envelope?.to ?? mail.to ?? []).map((a) => a.toLowerCase());
}

/** The token of the newest confirmation mail to `email` among `mails`, or undefined. */
export function verificationToken(mails: readonly CaughtMail[], email: string): string | undefined {
  for (const mail of [...mails].reverse()) {
    if (!recipients(mail).includes(email.toLowerCase())) continue;
    // Quoted-printable may break the long link over lines with a soft break ("=\r\n").
    const text = mail.raw.toString('utf8').replace(/=\r?\n/g, '');
    const match = linkPattern.exec(text);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** Waits for the confirmation mail to `email` and opens its link through the API. */
export async function verifyFromMail(
  mails: () => readonly CaughtMail[],
  email: string,
  post: (path: string, body: unknown) => Promise<Response>,
): Promise<string> {
  await expect.poll(() => verificationToken(mails(), email)).toBeDefined();
  const token = verificationToken(mails(), email) ?? '';
  const res = await post('/v1/accounts/verify', { token });
  expect(res.status).toBe(204);
  return token;
}
