import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOperation, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Role } from '@lib/auth';

export const ACCESS_METADATA = 'access-rule';

export type AccessRule = { kind: 'public' } | { kind: 'authenticated'; roles: Role[] | 'any' };

/**
 * Every route states who may call it, once, and the same statement documents the route in
 * OpenAPI. The gateway refuses routes that state nothing (see AccessGuard).
 */
export const Access = {
  /** Anyone, logged in or not. */
  public: (summary: string) =>
    applyDecorators(
      SetMetadata(ACCESS_METADATA, { kind: 'public' } satisfies AccessRule),
      ApiOperation({ summary, description: '**Access:** public (no login needed).' }),
    ),
  /** A logged-in user of one of the roles (or any role). */
  roles: (roles: Role[] | 'any', summary: string, rules?: string) =>
    applyDecorators(
      SetMetadata(ACCESS_METADATA, { kind: 'authenticated', roles } satisfies AccessRule),
      ApiBearerAuth(),
      ApiOperation({
        summary,
        description: `**Access:** ${roles === 'any' ? 'any logged-in user' : `roles ${roles.join(', ')}`}.${rules ? ` ${rules}` : ''}`,
      }),
      ApiUnauthorizedResponse({ description: 'No valid access token' }),
      ...(roles === 'any' ? [] : [ApiForbiddenResponse({ description: `Role is not one of: ${roles.join(', ')}` })]),
    ),
};
