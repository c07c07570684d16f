import { ValidationError } from 'class-validator';
import { fieldProblemsOf } from './validation';
import { DomainError, httpStatusOf } from './domain-error';

function error(property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('fieldProblemsOf', () => {
  it('names nested and array fields by their path', () => {
    const problems = fieldProblemsOf([
      error('title', { isNotEmpty: 'title should not be empty' }),
      error('patents', undefined, [error('0', undefined, [error('number', { matches: 'bad check digit' })])]),
      error('price', undefined, [error('amount', { isDecimal: 'amount must be a decimal', max: 'too large' })]),
    ]);
    expect(problems).toEqual([
      { field: 'title', messages: ['title should not be empty'] },
      { field: 'patents[0].number', messages: ['bad check digit'] },
      { field: 'price.amount', messages: ['amount must be a decimal', 'too large'] },
    ]);
  });
});

describe('DomainError', () => {
  it('survives the NATS hop as a payload', () => {
    const original = new DomainError('LISTING.NOT_PUBLISHED', 'rule_violation', 'Listing is not published', {
      details: { id: 'x' },
    });
    const copy = DomainError.fromPayload(JSON.parse(JSON.stringify(original.toPayload())));
    expect(copy).toBeInstanceOf(DomainError);
    expect(copy).toMatchObject({ code: 'LISTING.NOT_PUBLISHED', kind: 'rule_violation', message: 'Listing is not published' });
    expect(copy.extra.details).toEqual({ id: 'x' });
  });

  it.each([
    ['validation', 400],
    ['unauthenticated', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['rule_violation', 422],
    ['rate_limited', 429],
    ['unavailable', 503],
    ['internal', 500],
  ] as const)('maps kind %s to HTTP %i', (kind, status) => {
    expect(httpStatusOf(kind)).toBe(status);
  });

  it('recognises only well-formed payloads', () => {
    expect(DomainError.isPayload({ code: 'A', kind: 'conflict', message: 'm' })).toBe(true);
    expect(DomainError.isPayload({ code: 'A', message: 'm' })).toBe(false);
    expect(DomainError.isPayload('There is no matching message handler')).toBe(false);
    expect(DomainError.isPayload(null)).toBe(false);
  });
});
