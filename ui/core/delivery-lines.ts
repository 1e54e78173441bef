// ui/core/delivery-lines: the delivery lines under a sent message, as the Outlook pane and the
// Thunderbird result window show them ("bob@example.org: gesendet", "SMS an +49…: zugestellt").
// One list built in one place, so a new kind of line (a delivery report, a relay's answer) is added
// here once and both windows show it.

import type { DeliveryStatus, MessageResult } from './draft';
import { type Lang, type StringKey, t } from './i18n';

export interface DeliveryLine {
  kind: 'mail' | 'sms';
  /** The address or phone number. */
  who: string;
  status: DeliveryStatus;
  /** The whole line in the user's language. */
  text: string;
}

const statusKeys: Record<string, StringKey> = {
  sent: 'statusSent',
  queued: 'statusQueued',
  failed: 'statusFailed',
  delivered: 'statusDelivered',
};

/** The status in words; one the client does not know yet is shown as the API spells it. */
export function statusWord(lang: Lang, status: DeliveryStatus): string {
  const key = statusKeys[status];
  return key ? t(lang, key) : status;
}

export function deliveryLines(lang: Lang, result: Pick<MessageResult, 'recipients' | 'sms'>): DeliveryLine[] {
  return [
    ...result.recipients.map((r) => ({
      kind: 'mail' as const,
      who: r.address,
      status: r.status,
      text: `${r.address}: ${statusWord(lang, r.status)}`,
    })),
    ...result.sms.map((s) => ({
      kind: 'sms' as const,
      who: s.phone,
      status: s.status,
      text: t(lang, 'smsTo', { phone: s.phone, status: statusWord(lang, s.status) }),
    })),
  ];
}

/** The lines as <li> elements of `doc` (a popup window has its own document). */
export function deliveryItems(doc: Document, lang: Lang, result: Pick<MessageResult, 'recipients' | 'sms'>) {
  return deliveryLines(lang, result).map((line) => {
    const item = doc.createElement('li');
    item.className = `delivery-${line.kind} status-${line.status}`;
    item.textContent = line.text;
    return item;
  });
}
