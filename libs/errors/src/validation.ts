import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { CommonErrors } from './common-errors';
import { FieldProblem } from './domain-error';

/** Flattens nested class-validator errors into `{ field: "patents[0].number", messages }`. */
export function fieldProblemsOf(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const path = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    if (error.constraints) problems.push({ field: path, messages: Object.values(error.constraints) });
    if (error.children?.length) problems.push(...fieldProblemsOf(error.children, path));
  }
  return problems;
}

/** Paths of every string in an input that contains a NUL character (PostgreSQL cannot store one). */
export function nulCharacterPaths(value: unknown, path = '', depth = 0): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path || 'value'] : [];
  if (depth > 32 || value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [k, v] as const);
  return entries.flatMap(([key, child]) => {
    const childPath = key.startsWith('[') ? `${path}${key}` : path ? `${path}.${key}` : key;
    return nulCharacterPaths(child, childPath, depth + 1);
  });
}

/** ValidationPipe that also refuses NUL characters anywhere in the input, naming the field. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const paths = nulCharacterPaths(value);
    if (paths.length > 0) {
      throw CommonErrors.validation(paths.map((field) => ({ field, messages: [`${field} must not contain NUL characters`] })));
    }
    return super.transform(value, metadata);
  }
}

/**
 * The validation every input goes through: unknown fields are refused, values are
 * transformed into their DTO types, and failures become a 400 naming each field.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => CommonErrors.validation(fieldProblemsOf(errors)),
  });
}
