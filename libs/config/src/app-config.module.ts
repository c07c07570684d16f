import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig, AppName } from './app-config';
import { Environment, validateEnvironment } from './environment';

/**
 * Validates the environment once at boot (an invalid variable stops the app with a message
 * naming it) and provides the typed `AppConfig` everywhere.
 */
@Module({})
export class AppConfigModule {
  static forRoot(app: AppName): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({ cache: true, validate: validateEnvironment, expandVariables: false }),
      ],
      providers: [
        {
          provide: AppConfig,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => {
            const env = new Environment();
            for (const key of Object.keys(env) as (keyof Environment)[]) {
              (env as unknown as Record<string, unknown>)[key] = config.get(key);
            }
            env.MEILI_MASTER_KEY = config.get('MEILI_MASTER_KEY');
            env.JWT_SECRET = config.get('JWT_SECRET');
            return new AppConfig(app, env);
          },
        },
      ],
      exports: [AppConfig],
    };
  }
}
