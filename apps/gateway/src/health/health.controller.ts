import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DependencyIndicators, PINGED_APPS } from './dependency-indicators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly dependencies: DependencyIndicators,
  ) {}

  @Get()
  @Access.public('Liveness: the gateway process is up')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @Access.public('Readiness: PostgreSQL, Redis, NATS, Meilisearch and every service (pinged over NATS) are reachable; 503 otherwise')
  ready() {
    return this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 2000 }),
      () => this.dependencies.redisReachable(),
      () => this.dependencies.natsReachable(),
      () => this.dependencies.meilisearchReachable(),
      ...PINGED_APPS.map((app) => () => this.dependencies.appReachable(app)),
    ]);
  }
}
