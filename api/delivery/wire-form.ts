// A mail as an SMTP relay receives it: every line ending CRLF and the last line ended too. That is
// what nodemailer sends for `raw` anyway (it turns bare LF into CRLF and closes the last line), so
// storing the sealed mail in this form first makes the stored bytes, their SHA-256 in the proof of
// sending, and the bytes the relay gets one and the same (RFC 5321 §2.3.8: lines end in CRLF).

const CR = 0x0d;
const LF = 0x0a;

export function toWireForm(mail: Uint8Array): Buffer {
  const input = Buffer.from(mail.buffer, mail.byteOffset, mail.byteLength);
  let bare = 0;
  for (let i = 0; i < input.length; i++) if (input[i] === LF && input[i - 1] !== CR) bare++;
  const endsLine = input.length >= 2 && input[input.length - 2] === CR && input[input.length - 1] === LF;
  if (bare === 0 && endsLine) return input;
  const out = Buffer.allocUnsafe(input.length + bare + 2);
  let o = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] ?? 0;
    if (byte === LF && input[i - 1] !== CR) out[o++] = CR;
    out[o++] = byte;
  }
  if (o < 2 || out[o - 2] !== CR || out[o - 1] !== LF) {
    out[o++] = CR;
    out[o++] = LF;
  }
  return out.subarray(0, o);
}
