import { liveDelivery } from '../../ui/core/delivery-live';
import { type Lang, t } from '../../ui/core/i18n';
import { spellPasswordGroups } from '../../ui/core/spell';
import { uiLanguageOf } from './language';
import { getMessenger } from './messenger';
import { applyTexts, byId } from './page';
import type { Outcome, Request, SealResult } from './protocol';

// The window the background opens after sealing (the compose tab, and with it the popup, is gone by
// then) or after onBeforeSend stopped a send: the password big, to copy or spell out, and the delivery
// status; or, on failure, what went wrong in plain words. Password, spelling and every delivery line
// are meant to be seen together: the spelling is compact, and the window grows to its content when
// that is taller than the window (many recipients), never past the screen.

const messenger = getMessenger();
const lang: Lang = uiLanguageOf(messenger);
const params = new URLSearchParams(location.search);

function showError(text: string): void {
  byId('error').hidden = false;
  byId('error-text').textContent = text;
}

/** Makes the window tall enough for the page, so nothing needs scrolling. */
async function fitWindow(): Promise<void> {
  const needed = document.documentElement.scrollHeight - window.innerHeight;
  if (needed <= 0) return;
  const current = await messenger.windows.getCurrent();
  if (current.id === undefined) return;
  const height = Math.min(window.outerHeight + needed, screen.availHeight);
  await messenger.windows.update(current.id, { height });
}

function renderSpelling(password: string): HTMLElement {
  const spelling = byId('spelling');
  // One line per hyphen group, each character its word: "K Kaufmann · x Xanthippe · 7 sieben".
  for (const group of spellPasswordGroups(password, lang)) {
    const item = document.createElement('li');
    item.textContent = group.map((c) => c.words).join(' · ');
    spelling.append(item);
  }
  return spelling;
}

function showResult(result: SealResult): void {
  byId('done').hidden = false;
  byId('password').textContent = result.password;
  byId('copy').addEventListener('click', async () => {
    await navigator.clipboard.writeText(result.password);
    byId('copy').textContent = t(lang, 'copied');
  });
  const spelling = renderSpelling(result.password);
  byId('spell').addEventListener('click', () => {
    spelling.hidden = !spelling.hidden;
    byId('spell').setAttribute('aria-expanded', String(!spelling.hidden));
    byId('spell').textContent = t(lang, spelling.hidden ? 'spellOut' : 'hideSpelling');
    void fitWindow();
  });
  // Kept current while the window is open (the background asks the service), with "send again" and
  // the spelling to read out for a failed SMS.
  const live = liveDelivery(
    lang,
    result,
    {
      load: () => ask({ type: 'result', id: result.id }),
      resendSms: (smsId) => ask({ type: 'resendSms', id: result.id, smsId }),
      errorText: (err) => (err instanceof Error ? err.message : String(err)),
    },
    { onUpdate: () => void fitWindow() },
  );
  byId('status').replaceChildren(live.element);
  void fitWindow();
}

/** One request to the background; its refusal (in plain words) as an Error. */
async function ask(request: Request): Promise<SealResult> {
  const answer = (await messenger.runtime.sendMessage(request)) as Outcome<SealResult>;
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
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
