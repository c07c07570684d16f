import { DomainError } from '@lib/errors';

/** Maps a unique-constraint violation to a conflict naming the field; rethrows anything else. */
export function rethrowUniqueViolation(error: unknown, byConstraint: Record<string, { field: string; message: string }>): never {
  const pg = error as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string };
  const code = pg.driverError?.code ?? pg.code;
  const constraint = pg.driverError?.constraint ?? pg.constraint ?? '';
  const known = byConstraint[constraint];
  if (code === '23505' && known) {
    throw new DomainError(`${known.field.toUpperCase()}.TAKEN`, 'conflict', known.message, {
      fields: [{ field: known.field, messages: [known.message] }],
    });
  }
  throw error;
}

export const EMAIL_TAKEN = { users_email_key: { field: 'email', message: 'An account with this e-mail already exists' } };
