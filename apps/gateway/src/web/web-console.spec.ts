import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasOverlongApiSegment, isConsoleRoute, webConsoleRoot } from './web-console';

describe('isConsoleRoute', () => {
  it('answers client-side routes with the console', () => {
    for (const url of ['/', '/auctions/6f1c', '/my/listings?status=draft', '/admin/audit', '/listings/abc/edit']) expect(isConsoleRoute(url)).toBe(true);
  });

  it('leaves the API, the docs, health checks and missing files to their own 404', () => {
    for (const url of ['/api/v1/nothing', '/api', '/docs', '/docs/openapi.json', '/health/ready', '/assets/missing.js', '/favicon.ico']) {
      expect(isConsoleRoute(url)).toBe(false);
    }
  });
});

describe('hasOverlongApiSegment', () => {
  it('spots an API path parameter over the router limit (the catch-all would otherwise answer it)', () => {
    expect(hasOverlongApiSegment(`/api/v1/listings/${'a'.repeat(101)}`)).toBe(true);
    expect(hasOverlongApiSegment(`/api/v1/listings/${'a'.repeat(100)}`)).toBe(false);
    expect(hasOverlongApiSegment(`/my/${'a'.repeat(200)}`)).toBe(false);
    expect(hasOverlongApiSegment(`/api/v1/catalogue?q=${'q'.repeat(500)}`)).toBe(false);
  });
});

describe('webConsoleRoot', () => {
  it('finds dist/web beside the nearest package.json, and nothing when the console is not built', () => {
    const repo = mkdtempSync(join(tmpdir(), 'web-root-'));
    writeFileSync(join(repo, 'package.json'), '{}');
    const compiled = join(repo, 'dist', 'apps', 'gateway', 'src', 'web');
    mkdirSync(compiled, { recursive: true });
    expect(webConsoleRoot(compiled)).toBeNull();
    mkdirSync(join(repo, 'dist', 'web'), { recursive: true });
    writeFileSync(join(repo, 'dist', 'web', 'index.html'), '<!doctype html>');
    expect(webConsoleRoot(compiled)).toBe(join(repo, 'dist', 'web'));
    expect(webConsoleRoot(join(repo, 'apps', 'gateway', 'src', 'web'))).toBe(join(repo, 'dist', 'web'));
  });
});
