import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { OperationErrors } from './errors.ts';
import { fail } from './outcome.ts';
import type { AdminGuard, RefusalCodes } from './plugin.ts';

const ADMIN_BODY_LIMIT = 1024 * 1024;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (/^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address));
}

/**
 * The route options every admin route takes (`admin: true` / `--admin`): loopback callers only
 * (others get the `forbidden` code), and a body limit that fits a whole fixture.
 */
export function adminGuard(errors: OperationErrors, codes: RefusalCodes): AdminGuard {
  const refused = fail(codes.forbidden, undefined, 'The admin API answers loopback callers only');
  return {
    bodyLimit: ADMIN_BODY_LIMIT,
    onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
      if (isLoopback(request.socket?.remoteAddress ?? request.ip)) {
        done();
        return;
      }
      errors.send(reply, refused);
    },
  };
}
