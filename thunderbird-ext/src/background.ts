import { t } from '../../ui/core/i18n';
import { handle, sealTab, showError, uiLanguage } from './actions';
import { type BeforeSendResult, getMessenger, type Tab } from './messenger';
import { isRequest } from './protocol';
import { forgetAllTabs, forgetTab, tabChoices } from './settings';

// The background script. Listeners are registered at the top level, as Manifest V3 event pages
// require: Thunderbird may unload this script between events and wakes it for the next one.

const messenger = getMessenger();

messenger.runtime.onMessage.addListener((message) => {
  if (!isRequest(message)) return undefined;
  // An unexpected failure (the compose tab closed meanwhile, storage broken) still gets an answer.
  return handle(message).catch((err: unknown) => ({
    ok: false,
    error: `${err instanceof Error ? err.message : String(err)} ${t(uiLanguage(), 'nothingSent')}`,
  }));
});

/**
 * The guard: a draft marked confidential never leaves through the normal Send. It is cancelled and
 * sealed instead, exactly as if the user had pressed the popup's button. When the mark cannot be
 * read, the send is stopped too: better one retry than one confidential mail in clear.
 */
export async function beforeSend(tab: Tab): Promise<BeforeSendResult> {
  const tabId = tab.id;
  if (tabId === undefined) return undefined;
  let confidential: boolean;
  try {
    confidential = (await tabChoices(tabId)).confidential;
  } catch {
    void showError(t(uiLanguage(), 'onSendCheckFailed'));
    return { cancel: true };
  }
  if (!confidential) return undefined;
  // Seal after answering, so the compose window leaves its "sending" state at once.
  setTimeout(() => {
    sealTab(tabId)
      .then((outcome) => (outcome.ok ? undefined : showError(outcome.error)))
      .catch((err: unknown) => showError(err instanceof Error ? err.message : String(err)));
  }, 0);
  return { cancel: true };
}

messenger.compose.onBeforeSend.addListener(beforeSend);

messenger.tabs.onRemoved.addListener((tabId) => {
  void forgetTab(tabId);
});

messenger.runtime.onStartup.addListener(() => {
  void forgetAllTabs();
});
