// mailparser and mailsplit decode base64 leniently: characters outside the alphabet are dropped
// without a word, so an attachment damaged on its way in would reach the ZIP as different bytes
// than the sender had. CONTRACT.md promises that nothing is lost, so such a message goes into the
// ZIP byte for byte (as for a message that cannot be parsed); strip.ts asks this of every chunk of
// a base64 attachment it decodes.

const BASE64_OR_SPACE = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\r\n') {
  BASE64_OR_SPACE[c.charCodeAt(0)] = 1;
}

/** False when the still encoded chunk holds anything a base64 decoder would have to drop. */
export function isBase64Text(chunk: Buffer): boolean {
  for (let i = 0; i < chunk.length; i++) {
    if (BASE64_OR_SPACE[chunk[i] as number] === 0) return false;
  }
  return true;
}
