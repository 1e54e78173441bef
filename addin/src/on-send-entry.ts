// Bundled as dist/addin/on-send.js: loaded by runtime.html (Outlook on the web, new Outlook, Mac)
// and directly by classic Outlook on Windows (manifest Runtimes override). The handler must be
// associated at the top level, as soon as the file runs.

import type { OfficeGlobal, SendEvent } from './office-types';
import { handleMessageSend } from './on-send';

declare const Office: OfficeGlobal;

function onMessageSendHandler(event: SendEvent): Promise<void> {
  return handleMessageSend(event, Office.context);
}

Office.actions?.associate('onMessageSendHandler', onMessageSendHandler);
