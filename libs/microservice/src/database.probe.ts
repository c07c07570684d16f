import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@lib/config';
import { DataSource } from 'typeorm';
import { PingProbe, ProbeResult } from './ping';

/** The service's own schema exists and answers: proves the path service → PostgreSQL. */
@Injectable()
export class DatabaseProbe implements PingProbe {
  readonly name = 'database';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async check(): Promise<ProbeResult> {
    const rows: { present: boolean }[] = await this.dataSource.query(
      'SELECT EXISTS (SELECT 1 FROM information_schema.schemata WHERE schema_name = $1) AS present',
      [this.config.app],
    );
    return rows[0]?.present
      ? { up: true, detail: `schema ${this.config.app}` }
      : { up: false, detail: `schema ${this.config.app} is missing: run npm run migration:run` };
  }
}
