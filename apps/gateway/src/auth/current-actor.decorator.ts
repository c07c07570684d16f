import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Actor, AuthErrors } from '@lib/auth';
import { RequestWithActor } from './access.guard';

/** The authenticated caller; routes marked `Access.roles` always have one. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw AuthErrors.unauthenticated();
  return actor;
});

/** The caller if a valid token was sent, else null (public routes). */
export const OptionalActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor | null => context.switchToHttp().getRequest<RequestWithActor>().actor ?? null,
);

/** The client's address (behind a proxy: from X-Forwarded-For, as Fastify's trustProxy allows). */
export const ClientAddress = createParamDecorator(
  (_: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<RequestWithActor>().ip,
);
