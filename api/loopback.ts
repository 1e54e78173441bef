// Whether a host name or address means this machine only (RFC 6761 §6.3 `localhost`, 127.0.0.0/8,
// ::1): traffic to it never crosses a network, so plain HTTP or SMTP there exposes nothing.

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '::1';
}
