import { Injectable } from '@nestjs/common';
import { Actor } from '@lib/auth';
import { Envelope } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';

/** Sends a command or query to the identity service in the standard envelope. */
@Injectable()
export class IdentityClient {
  constructor(private readonly services: ServiceClient) {}

  send<TResult, TInput = unknown>(pattern: string, actor: Actor | null, input: TInput): Promise<TResult> {
    return this.services.send<TResult, Envelope<TInput>>(pattern, { actor, input });
  }
}
