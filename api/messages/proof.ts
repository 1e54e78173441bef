import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { accounts } from '../../db/schema/accounts';
import { messageRecipients } from '../../db/schema/message-recipients';
import { messageSms } from '../../db/schema/message-sms';
import { messages } from '../../db/schema/messages';
import type { Language } from '../seal/types';
import { smsErrorCode, smsReason } from '../sms/status';
import type { Proof } from './proof-schema';

// The proof of sending (GDPR Art. 5(2) accountability): that, when, to whom and exactly what a
// sender sent, as a practice files it. "Exactly what" is the SHA-256 of the original as received
// and of the sealed bytes handed to the relay, so a copy can be checked against it later without
// the proof holding any of it: never the password, the subject or any content.

export async function getProof(
  db: Database,
  accountId: string,
  messageId: string,
  now: Date,
): Promise<(Proof & { language: Language }) | undefined> {
  const [m] = await db
    .select({
      id: messages.id,
      status: messages.status,
      source: messages.source,
      createdAt: messages.createdAt,
      sentAt: messages.sentAt,
      originalSha256: messages.originalSha256,
      sealedSha256: messages.sealedSha256,
      sealedMessageId: messages.sealedMessageId,
      zipMethod: messages.zipMethod,
      language: messages.language,
      accountId: accounts.id,
      email: accounts.email,
      name: accounts.name,
    })
    .from(messages)
    .innerJoin(accounts, eq(accounts.id, messages.accountId))
    .where(and(eq(messages.id, messageId), eq(messages.accountId, accountId)));
  if (!m) return undefined;
  const rcpts = await db
    .select()
    .from(messageRecipients)
    .where(eq(messageRecipients.messageId, m.id))
    .orderBy(messageRecipients.position);
  const sms = await db
    .select()
    .from(messageSms)
    .where(eq(messageSms.messageId, m.id))
    .orderBy(messageSms.position, messageSms.createdAt);
  return {
    language: m.language,
    messageId: m.id,
    generatedAt: now.toISOString(),
    sender: { accountId: m.accountId, address: m.email, name: m.name },
    source: m.source,
    status: m.status,
    createdAt: m.createdAt.toISOString(),
    deliveredAt: m.sentAt?.toISOString() ?? null,
    original: { sha256: m.originalSha256 },
    sealed: {
      sha256: m.sealedSha256,
      messageIdHeader: m.sealedMessageId,
      zip: m.zipMethod,
      pdf: 'aes256',
    },
    recipients: rcpts.map((r) => ({
      kind: r.kind,
      address: r.address,
      status: r.status,
      at: r.updatedAt.toISOString(),
      reply: r.reply ?? (r.status === 'failed' ? r.error : null),
    })),
    sms: sms.map((s) => ({
      phone: s.phone,
      status: s.status,
      at: s.updatedAt.toISOString(),
      reason: smsReason(s),
      errorCode: s.status === 'failed' ? (smsErrorCode(s) ?? null) : null,
    })),
  };
}
