import { CreateServiceSchemas1764000000000 } from './1764000000000-CreateServiceSchemas';

/** Every migration, in order. Listed explicitly so builds, tests and the CLI run the same set. */
export const ALL_MIGRATIONS = [CreateServiceSchemas1764000000000];
