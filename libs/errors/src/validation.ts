import { ValidationPipe } from '@nestjs/common';
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

/**
 * The validation every input goes through: unknown fields are refused, values are
 * transformed into their DTO types, and failures become a 400 naming each field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => CommonErrors.validation(fieldProblemsOf(errors)),
  });
}
