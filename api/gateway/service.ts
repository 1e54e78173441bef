import { readFileSync } from 'node:fs';
import type { Service } from '../lifecycle';
import { createGateway, type Gateway } from './gateway';
import { createSubmission } from './submission';

// `serve` runs the gateway beside HTTP (CONTRACT.md: SMTP_GATEWAY_PORT, default 2587), on the same
// database, clock and Messaging (one delivery worker), with STARTTLS when TLS_CERT_FILE/KEY are set
// and, on SMTP_GATEWAY_TLS_PORT, a second listener speaking TLS from the first byte (RFC 8314).

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
    const tls = config.tls
      ? { key: readFileSync(config.tls.keyFile), cert: readFileSync(config.tls.certFile) }
      : undefined;
    const submission = createSubmission({
      db: deps.db,
      log,
      now: deps.now,
      messaging,
      mailFrom: config.mailFrom,
      publicUrl: config.publicUrl,
    });
    const make = (implicitTls: boolean) =>
      createGateway({
        log,
        maxSize: gatewayMaxSize(config.maxAttachmentBytes),
        tls: tls && { ...tls, implicitTls },
        hostname: new URL(config.publicUrl).hostname,
        limits: {
          maxClients: config.limits.gatewayMaxClients,
          connectionsPerMinute: config.limits.gatewayConnectionsPerMinute,
          recipientsPerMessage: config.limits.recipientsPerMessage,
        },
        ...submission,
      });
    const running: Gateway[] = [];
    const stop = () => Promise.all(running.map((g) => g.close())).then(() => undefined);
    const describe: string[] = [];
    try {
      const plain = make(false);
      const port = await plain.listen(config.smtpGatewayPort);
      running.push(plain);
      const security = tls ? 'STARTTLS' : 'no TLS configured: AUTH only from this machine';
      describe.push(`SMTP submission gateway on port ${port} (${security})`);
      if (tls && config.smtpGatewayTlsPort !== undefined) {
        const implicit = make(true);
        const tlsPort = await implicit.listen(config.smtpGatewayTlsPort);
        running.push(implicit);
        describe.push(`SMTP submission gateway with implicit TLS on port ${tlsPort}`);
      }
    } catch (err) {
      await stop();
      throw err;
    }
    return { describe, stop };
  },
};
