import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, AccessTokenClaims } from '@lib/auth';
import { AppConfig } from '@lib/config';
import { UserEntity } from '../users/user.entity';
import { createSecretKey, KeyObject } from 'node:crypto';

@Injectable()
export class AccessTokens {
  /** A KeyObject made once (see the gateway's AccessGuard: strings are re-parsed on every use). */
  private readonly key: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8'));
  }

  get ttlSeconds(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }

  sign(user: UserEntity, sessionId: string): Promise<string> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      role: user.role,
      org: user.organisationId,
      adm: user.isOrganisationAdmin,
      sid: sessionId,
    };
    return this.jwt.signAsync(claims, {
      secret: this.key as unknown as string,
      algorithm: 'HS256',
      expiresIn: this.ttlSeconds,
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
    });
  }
}
