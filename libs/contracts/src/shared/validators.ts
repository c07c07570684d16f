import { registerDecorator, ValidationOptions } from 'class-validator';
import { isRegionCode } from './regions';
import { creditCodeProblem } from './unified-social-credit-code';

const CREDIT_CODE_MESSAGES = {
  length: 'must be 18 characters',
  characters: 'must use digits and the capital letters of GB 32100-2015 (no I, O, S, V, Z), with digits in positions 3-8',
  check: 'has a wrong check character (GB 32100-2015)',
} as const;

/** A unified social credit code with a correct GB 32100-2015 check character. */
export function IsUnifiedSocialCreditCode(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isUnifiedSocialCreditCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && creditCodeProblem(value) === null,
        defaultMessage: (args) => {
          const problem = typeof args?.value === 'string' ? creditCodeProblem(args.value) : 'length';
          return `${args?.property} ${CREDIT_CODE_MESSAGES[problem ?? 'check']}`;
        },
      },
    });
}

/** A 6-digit administrative division code of a known province (GB/T 2260). */
export function IsRegionCode(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isRegionCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => isRegionCode(value),
        defaultMessage: (args) => `${args?.property} must be a 6-digit administrative division code (GB/T 2260), e.g. 510700`,
      },
    });
}
