import { finished } from 'node:stream/promises';
import { Splitter } from '@zone-eu/mailsplit';

// mailparser decodes base64 leniently: characters outside the alphabet are dropped without a word,
// so an attachment damaged on its way in would reach the ZIP as different bytes than the sender
// had. CONTRACT.md promises that nothing is lost, so such a message goes into the ZIP byte for byte
// (as for a message that cannot be parsed). mailsplit is the MIME splitter mailparser itself is
// built on; it hands over each part's body still encoded.

const BASE64_OR_SPACE = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\r\n') {
  BASE64_OR_SPACE[c.charCodeAt(0)] = 1;
}

function isBase64Text(chunk: Buffer): boolean {
  for (let i = 0; i < chunk.length; i++) {
    if (BASE64_OR_SPACE[chunk[i] as number] === 0) return false;
  }
  return true;
}

/** False when a base64 part holds anything a decoder would have to drop. */
export function base64PartsIntact(raw: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const splitter = new Splitter();
    let inBase64 = false;
    let intact = true;
    splitter.on('data', (chunk) => {
      if (chunk.type === 'node') {
        inBase64 = typeof chunk.encoding === 'string' && chunk.encoding.toLowerCase() === 'base64';
      } else if (chunk.type === 'body' && inBase64 && intact && !isBase64Text(chunk.value)) {
        intact = false;
      }
    });
    // A splitter that gives up has not seen the message whole: keep the original to be safe.
    finished(splitter).then(
      () => resolve(intact),
      () => resolve(false),
    );
    splitter.end(raw);
  });
}
