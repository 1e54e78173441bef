// The OnMessageSend (Smart Alerts) handler: a draft the user marked confidential in the pane must
// not leave through the normal Send button unsealed, so it is stopped with a message pointing to
// the pane; every other draft goes. `event.completed` is called on every path, errors included
// (Outlook waits for it: learn.microsoft.com/office/dev/add-ins/outlook/onmessagesend-onappointmentsend-events).

import { pickLanguage, t } from '../../ui/core/i18n';
import { hasConfidentialMark } from './office-adapter';
import type { OfficeContext, SendEvent } from './office-types';

/** The ribbon button's id in manifest.xml (<Control id="vertraulich.openPane">). */
export const OPEN_PANE_COMMAND = 'vertraulich.openPane';

export async function handleMessageSend(event: SendEvent, context: OfficeContext): Promise<void> {
  const lang = pickLanguage(context.displayLanguage);
  try {
    const item = context.mailbox.item;
    const confidential = item ? await hasConfidentialMark(item) : false;
    if (!confidential) return event.completed({ allowEvent: true });
    // Mailbox 1.14: the dialog's button opens the pane straight away (manifest control id).
    const openPane = context.requirements.isSetSupported('Mailbox', '1.14')
      ? { cancelLabel: t(lang, 'onSendOpenPane'), commandId: OPEN_PANE_COMMAND }
      : {};
    event.completed({ allowEvent: false, errorMessage: t(lang, 'onSendBlocked'), ...openPane });
  } catch {
    // Cannot tell whether it is confidential: stop it rather than risk sending it unsealed.
    // Sending again retries the check.
    event.completed({ allowEvent: false, errorMessage: t(lang, 'onSendCheckFailed') });
  }
}
