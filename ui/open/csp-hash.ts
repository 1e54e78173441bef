import { createHash } from 'node:crypto';

/** The CSP source that lets exactly `script` run inline (w3.org/TR/CSP3 "hash-source"). Node only. */
export function cspHashSource(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}
