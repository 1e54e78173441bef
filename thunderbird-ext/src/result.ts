import { type Lang, t } from '../../ui/core/i18n';
import { spellPasswordGroups } from '../../ui/core/spell';
import { uiLanguageOf } from './language';
import { getMessenger } from './messenger';
import { applyTexts, byId } from './page';
import { statusKey } from './popup-model';
import type { Outcome, SealResult } from './protocol';

// The window the background opens after sealing (the compose tab, and with it the popup, is gone by
// then) or after onBeforeSend stopped a send: the password big, to copy or spell out, and the delivery
// status; or, on failure, what went wrong in plain words.

const messenger = getMessenger();
const lang: Lang = uiLanguageOf(messenger);
const params = new URLSearchParams(location.search);

function showError(text: string): void {
  byId('error').hidden = false;
  byId('error-text').textContent = text;
}

function showResult(result: SealResult): void {
  byId('done').hidden = false;
  byId('password').textContent = result.password;
  byId('copy').addEventListener('click', async () => {
    await navigator.clipboard.writeText(result.password);
    byId('copy').textContent = t(lang, 'copied');
  });
  const spelling = byId('spelling');
  for (const group of spellPasswordGroups(result.password, lang)) {
    const item = document.createElement('li');
    item.textContent = group.map((c) => c.words).join(', ');
    spelling.append(item);
  }
  byId('spell').addEventListener('click', () => {
    spelling.hidden = !spelling.hidden;
    byId('spell').setAttribute('aria-expanded', String(!spelling.hidden));
    byId('spell').textContent = t(lang, spelling.hidden ? 'spellOut' : 'hideSpelling');
  });
  const status = byId('status');
  for (const r of result.recipients) {
    const item = document.createElement('li');
    item.textContent = `${r.address}: ${t(lang, statusKey(r.status))}`;
    status.append(item);
  }
  for (const s of result.sms) {
    const item = document.createElement('li');
    item.textContent = t(lang, 'smsTo', { phone: s.phone, status: t(lang, statusKey(s.status)) });
    status.append(item);
  }
}

async function start(): Promise<void> {
  applyTexts(document, lang);
  const error = params.get('error');
  if (error) return showError(error);
  const id = params.get('id') ?? '';
  const answer = (await messenger.runtime.sendMessage({ type: 'result', id })) as Outcome<SealResult>;
  if (answer.ok) showResult(answer.value);
  else showError(answer.error);
}

start().catch((err: unknown) => showError(err instanceof Error ? err.message : String(err)));
