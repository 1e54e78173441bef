import { format, type KeyOf, type Lang, type Values } from '../core/i18n';

// The words of the reply on the /open page (issue 18): ui/core's catalog, section `open`, keys
// `reply…`; drawn by script once a message is open.

export type ReplyTextKey = Extract<KeyOf<'open'>, `reply${string}`>;

export function rt(lang: Lang, key: ReplyTextKey, vars: Values = {}): string {
  return format(lang, 'open', key, vars);
}
