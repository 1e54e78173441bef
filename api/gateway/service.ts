import { readFileSync } from 'node:fs';
import type { Service } from '../server';
import { createGateway } from './gateway';
import { createSubmission } from './submission';

// `serve` runs the gateway beside HTTP (CONTRACT.md: SMTP_GATEWAY_PORT, default 2587), on the same
// database, clock and Messaging (one delivery worker), with STARTTLS when TLS_CERT_FILE/KEY are set.

/**
 * The SMTP size limit for a MAX_ATTACHMENT_BYTES limit: attachments travel base64-encoded (4/3 and
 * line breaks, ~1.37×), plus room for the text, HTML and headers.
 */
export function gatewayMaxSize(maxAttachmentBytes: number): number {
  return Math.ceil(maxAttachmentBytes * 1.4) + 1024 * 1024;
}

export const gatewayService: Service = {
  name: 'smtp-gateway',
  async start({ config, deps, log }) {
    const { messaging } = deps;
    if (!messaging) throw new Error('the SMTP gateway needs the messaging service (deps.messaging)');
    const tls = config.tls
      ? { key: readFileSync(config.tls.keyFile), cert: readFileSync(config.tls.certFile) }
      : undefined;
    const gateway = createGateway({
      log,
      maxSize: gatewayMaxSize(config.maxAttachmentBytes),
      tls,
      hostname: new URL(config.publicUrl).hostname,
      ...createSubmission({
        db: deps.db,
        log,
        now: deps.now,
        messaging,
        mailFrom: config.mailFrom,
        publicUrl: config.publicUrl,
      }),
    });
    const port = await gateway.listen(config.smtpGatewayPort);
    const security = tls ? 'STARTTLS' : 'no TLS configured: AUTH only from this machine';
    return {
      describe: [`SMTP submission gateway on port ${port} (${security})`],
      stop: () => gateway.close(),
    };
  },
};
