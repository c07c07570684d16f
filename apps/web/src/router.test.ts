import { describe, expect, it } from 'vitest';
import { matchPath } from './router';

describe('matchPath', () => {
  it('matches literal segments and captures parameters', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/auctions/:id', '/auctions/6f1c')).toEqual({ id: '6f1c' });
    expect(matchPath('/listings/:id/edit', '/listings/abc/edit')).toEqual({ id: 'abc' });
    expect(matchPath('/listings/:id/edit', '/listings/abc')).toBeNull();
    expect(matchPath('/admin/audit', '/admin/review')).toBeNull();
    expect(matchPath('/search/:q', '/search/%E6%BF%80%E5%85%89')).toEqual({ q: '激光' });
  });
});
