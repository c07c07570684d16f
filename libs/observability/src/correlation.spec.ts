import { correlationIdFrom } from './correlation';

describe('correlationIdFrom', () => {
  it('keeps a sane caller-supplied id', () => {
    expect(correlationIdFrom('req-2026-11-26.abc:01')).toBe('req-2026-11-26.abc:01');
    expect(correlationIdFrom(['first-id-123', 'second-id-456'])).toBe('first-id-123');
  });

  it.each([undefined, '', 'short', 'has spaces in it', 'x'.repeat(129), 'inject\nnewline-0001', 42])(
    'replaces %p with a fresh UUID',
    (candidate) => {
      const id = correlationIdFrom(candidate);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    },
  );
});
