import type { Actor } from '@lib/auth';

/**
 * Every command or query sent to a service: who asks (null when anonymous) and the validated
 * input. Services validate `input` again and authorise each object against `actor`.
 */
export interface Envelope<TInput> {
  actor: Actor | null;
  input: TInput;
}
