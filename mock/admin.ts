import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { fail } from './outcome.ts';
import type { AdminGuard } from './plugin.ts';
import type { FallbackErrors } from './routes/fallback.ts';

const ADMIN_BODY_LIMIT = 1024 * 1024;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (/^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address));
}

/**
 * The route options every admin route takes (`admin: true` / `--admin`): loopback callers only
 * (others get the `forbidden` code), and a body limit that fits a whole fixture.
 */
export function adminGuard(fallback: FallbackErrors): AdminGuard {
  const refused = fail(fallback.codes.forbidden, undefined, 'The admin API answers loopback callers only');
  return {
    bodyLimit: ADMIN_BODY_LIMIT,
    onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
      if (isLoopback(request.socket?.remoteAddress ?? request.ip)) {
        done();
        return;
      }
      fallback.errors.send(reply, refused);
    },
  };
}
