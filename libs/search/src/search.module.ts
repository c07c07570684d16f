import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@lib/config';
import { Meilisearch } from 'meilisearch';

/**
 * The Meilisearch client, for the public catalogue only. Replies are requested uncompressed:
 * on loopback, compressed replies stalled ~40 ms each (Nagle + delayed ACK) against ~2 ms.
 */
export function createMeilisearchClient(config: AppConfig): Meilisearch {
  return new Meilisearch({
    host: config.meili.url,
    apiKey: config.meili.masterKey,
    requestInit: { headers: { 'Accept-Encoding': 'identity' } },
    timeout: 10_000,
  });
}

@Global()
@Module({
  providers: [{ provide: Meilisearch, inject: [AppConfig], useFactory: createMeilisearchClient }],
  exports: [Meilisearch],
})
export class SearchModule {}
