import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';
import { AppError, fieldErrors } from './errors';

/**
 * A route group: `new OpenAPIHono<AppEnv>` whose zod validation failures become AppError 'invalid'
 * (400 problem+json with `errors: [{path, message}]`). Every route file starts with this.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new AppError('invalid', 'The request is not valid.', { errors: fieldErrors(result.error) });
      }
    },
  });
}
