import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import { AppError } from './errors';

// PostgreSQL's text cannot hold U+0000: a NUL in any string sent to it fails the query (22021), which
// was a 500. No field of this API has a use for one, so a NUL anywhere in what a client sends is
// refused before any handler runs: in the path with 404 (no resource has such a name), in the query
// or a JSON or form body with 400 naming where it was.

/** `\u0000` in JSON text, not preceded by an escaping backslash (`\\u0000` is six harmless characters). */
const jsonNul = /(?:^|[^\\])(?:\\\\)*\\u0000/i;

function hasNul(value: string): boolean {
  return value.includes('\0');
}

function nulRefused(where: string): AppError {
  return new AppError('invalid', 'The request contains a NUL character, which no field accepts.', {
    errors: [{ path: where, message: 'contains a NUL character (U+0000)' }],
  });
}

async function bodyHasNul(contentType: string, text: () => Promise<string>): Promise<boolean> {
  if (/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
    const body = await text();
    return hasNul(body) || jsonNul.test(body);
  }
  if (/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    const body = await text();
    return hasNul(body) || /%00/.test(body);
  }
  return false;
}

/** Runs after the body limit, so a body is read (and cached for the handler) only within it. */
export const refuseNul: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (hasNul(c.req.path)) throw new AppError('not_found', 'Nothing at this path.');
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (hasNul(name) || values.some(hasNul)) throw nulRefused(`query.${hasNul(name) ? '(name)' : name}`);
  }
  const type = c.req.header('content-type') ?? '';
  if (c.req.raw.body && (await bodyHasNul(type, () => c.req.text()))) throw nulRefused('(body)');
  await next();
};
