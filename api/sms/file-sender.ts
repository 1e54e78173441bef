import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { SmsSender } from './sender';

// Without Twilio each SMS becomes one line of JSON in $DATA_DIR/sms-outbox.jsonl. A line is
// written with a single append (O_APPEND), so concurrent writers never interleave lines.

export function createFileSmsSender(file: string): SmsSender {
  let ready: Promise<unknown> | undefined;
  return {
    description: `SMS file ${file}`,
    async send(sms) {
      ready ??= mkdir(path.dirname(file), { recursive: true });
      await ready;
      const id = `sms_${randomUUID()}`;
      const line = `${JSON.stringify({ id, at: new Date().toISOString(), to: sms.to, body: sms.body })}\n`;
      await appendFile(file, line, { mode: 0o600 });
      return { reference: id };
    },
  };
}
