import { isSmsAddress } from '../../ui/core/draft';
import { type Lang, type StringKey, t } from '../../ui/core/i18n';
import type { PopupState, Request } from './protocol';

// The popup's decisions, kept apart from the DOM so they can be unit-tested: which request a form
// makes, what the summary says, and what stops the send button before anything is read or posted.

export interface SignInForm {
  email: string;
  password: string;
  apiKey: string;
}

/** An API key wins over email + password; undefined when the form is not filled in enough. */
export function signInRequest(form: SignInForm): Request | undefined {
  const apiKey = form.apiKey.trim();
  if (apiKey) return { type: 'useApiKey', apiKey };
  const email = form.email.trim();
  if (email && form.password) return { type: 'signIn', email, password: form.password };
  return undefined;
}

export function recipientsText(state: PopupState, lang: Lang): string {
  const mail = state.recipients.filter((r) => !isSmsAddress(r));
  return mail.length > 0 ? mail.join(', ') : t(lang, 'noRecipients');
}

export function attachmentsText(state: PopupState, lang: Lang): string {
  return state.attachments.length > 0 ? state.attachments.join(', ') : t(lang, 'noAttachments');
}

/** "SMS to (from the recipients): …" when the draft names `…@sms.local` recipients, else undefined. */
export function draftPhonesText(state: PopupState, lang: Lang): string | undefined {
  const phones = state.recipients.filter(isSmsAddress).map((r) => r.replace(/@sms\.local$/i, ''));
  return phones.length > 0 ? t(lang, 'phonesFromDraft', { phones: phones.join(', ') }) : undefined;
}

/**
 * What must change before the popup asks the background to seal; undefined when it may. The tick
 * is not asked for: it marks the draft for the normal Send (the guard); the button seals anyway.
 */
export function sendBlocker(state: PopupState): StringKey | undefined {
  if (!state.recipients.some((r) => !isSmsAddress(r))) return 'noRecipients';
  return undefined;
}
