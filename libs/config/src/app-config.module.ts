import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, AppName } from './app-config';
import { readAppConfig } from './read-environment';

/**
 * Provides the typed `AppConfig` everywhere, validated when the app is created (an invalid
 * variable stops it with a message naming the variable). Reading happens at creation, not at
 * import, so each app instance sees the environment as it is when it starts.
 */
@Module({})
export class AppConfigModule {
  static forRoot(app: AppName): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      providers: [{ provide: AppConfig, useFactory: () => readAppConfig(app) }],
      exports: [AppConfig],
    };
  }
}
