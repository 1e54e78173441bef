import { createOutboxFolderTransport } from './outbox-folder';
import { createSmtpTransport } from './smtp-transport';
import type { MailTransport } from './transport';

// Where sealed mail goes: the SMTP relay in SMTP_URL, or, when unset, one .eml file per message in
// $DATA_DIR/outbox/ (CONTRACT.md "Configuration"). Chosen once at start-up and handed down.

export function createMailTransport(config: { smtpUrl: string | undefined; dataDir: string }): MailTransport {
  return config.smtpUrl
    ? createSmtpTransport(config.smtpUrl)
    : createOutboxFolderTransport(`${config.dataDir}/outbox`);
}
