import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@lib/audit';
import { Actor, revokedSessionKey } from '@lib/auth';
import { AppConfig } from '@lib/config';
import { LoginRequest, TokenPairView } from '@lib/contracts';
import { DomainError } from '@lib/errors';
import { RedisConnection } from '@lib/redis';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { issueRefreshToken, judgeRefreshToken, parseRefreshToken, secretMatches } from '../domain/refresh-token';
import { UserEntity } from '../users/user.entity';
import { AccessTokens } from './access-tokens';
import { LoginThrottle } from './login-throttle.service';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenEntity } from './refresh-token.entity';

const invalidCredentials = () => new DomainError('AUTH.INVALID_CREDENTIALS', 'unauthenticated', 'E-mail or password is wrong');
const invalidRefreshToken = () => new DomainError('AUTH.INVALID_REFRESH_TOKEN', 'unauthenticated', 'The refresh token is not valid');

/** Login sessions: a short-lived access token plus a rotating refresh token per session. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly accessTokens: AccessTokens,
    private readonly throttle: LoginThrottle,
    private readonly redis: RedisConnection,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  async login(request: LoginRequest): Promise<TokenPairView> {
    await this.throttle.assertAllowed(request.email, request.clientAddress);
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email: request.email });
    if (!(await this.passwords.verify(user?.passwordHash, request.password)) || !user) {
      await this.throttle.recordFailure(request.email, request.clientAddress);
      throw invalidCredentials();
    }
    await this.throttle.recordSuccess(request.email);
    return this.dataSource.transaction(async (manager) => {
      const pair = await this.startSession(manager, user, randomUUID());
      await this.audit.append(manager, {
        actor: actorOf(user, pair.sessionId),
        action: 'session.started',
        entityType: 'user',
        entityId: user.id,
      });
      return pair.tokens;
    });
  }

  /** Spends the presented token and issues the next one of its family; a replay revokes the family. */
  async refresh(token: string): Promise<TokenPairView> {
    const parsed = parseRefreshToken(token);
    if (!parsed) throw invalidRefreshToken();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const stored = await manager.findOne(RefreshTokenEntity, {
        where: { id: parsed.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!stored || !secretMatches(parsed.secret, stored.secretHash)) return { kind: 'invalid' as const };
      const verdict = judgeRefreshToken(stored, new Date());
      if (verdict === 'replayed') {
        await this.revokeFamily(manager, stored.familyId);
        const user = await manager.findOneByOrFail(UserEntity, { id: stored.userId });
        await this.audit.append(manager, {
          actor: actorOf(user, stored.familyId),
          action: 'session.revoked',
          entityType: 'user',
          entityId: user.id,
          reason: 'a spent refresh token was presented again (possible theft)',
        });
        return { kind: 'replayed' as const, familyId: stored.familyId };
      }
      if (verdict !== 'rotate') return { kind: 'invalid' as const };
      await manager.update(RefreshTokenEntity, { id: stored.id }, { usedAt: new Date() });
      const user = await manager.findOneByOrFail(UserEntity, { id: stored.userId });
      const pair = await this.startSession(manager, user, stored.familyId);
      return { kind: 'rotated' as const, tokens: pair.tokens };
    });
    if (outcome.kind === 'replayed') {
      await this.markSessionRevoked(outcome.familyId);
      throw new DomainError('AUTH.REFRESH_TOKEN_REUSED', 'unauthenticated', 'This refresh token was already used; the session has been revoked');
    }
    if (outcome.kind === 'invalid') throw invalidRefreshToken();
    return outcome.tokens;
  }

  /** Ends the session of the given refresh token: every token of its family stops working. */
  async logout(actor: Actor, token: string): Promise<void> {
    const parsed = parseRefreshToken(token);
    const familyId = await this.dataSource.transaction(async (manager) => {
      const stored = parsed ? await manager.findOneBy(RefreshTokenEntity, { id: parsed.id }) : null;
      if (!stored || !secretMatches(parsed!.secret, stored.secretHash) || stored.userId !== actor.userId) {
        throw invalidRefreshToken();
      }
      await this.revokeFamily(manager, stored.familyId);
      await this.audit.append(manager, { actor, action: 'session.ended', entityType: 'user', entityId: actor.userId });
      return stored.familyId;
    });
    await this.markSessionRevoked(familyId);
  }

  private async startSession(manager: EntityManager, user: UserEntity, familyId: string) {
    const refresh = issueRefreshToken();
    await manager.insert(RefreshTokenEntity, {
      id: refresh.id,
      familyId,
      userId: user.id,
      secretHash: refresh.secretHash,
      expiresAt: new Date(Date.now() + this.config.auth.refreshTokenTtlDays * 86_400_000),
    });
    const accessToken = await this.accessTokens.sign(user, familyId);
    const tokens: TokenPairView = {
      accessToken,
      refreshToken: refresh.token,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSeconds,
    };
    return { tokens, sessionId: familyId };
  }

  private async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(RefreshTokenEntity)
      .set({ revokedAt: () => 'now()' })
      .where('family_id = :familyId AND revoked_at IS NULL', { familyId })
      .execute();
  }

  /** Access tokens of the session are refused by the gateway for as long as they could live. */
  private async markSessionRevoked(familyId: string): Promise<void> {
    await this.redis.client.set(revokedSessionKey(familyId), '1', 'EX', this.accessTokens.ttlSeconds + 60);
  }
}

export function actorOf(user: UserEntity, sessionId: string): Actor {
  return {
    userId: user.id,
    role: user.role,
    organisationId: user.organisationId,
    isOrganisationAdmin: user.isOrganisationAdmin,
    sessionId,
  };
}
