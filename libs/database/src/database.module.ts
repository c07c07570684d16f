import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@lib/config';
import { dataSourceOptions } from './data-source-options';

@Module({})
export class DatabaseModule {
  /** The connection of a domain service, working in the schema it owns. */
  static forSchema(schema: string | undefined): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config, schema),
            autoLoadEntities: true,
            retryAttempts: 0,
          }),
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
