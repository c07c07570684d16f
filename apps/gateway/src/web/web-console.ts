import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { frameworkErrors } from '../http-edge';

/** Paths the console never answers: the API, its docs and the health checks keep their own 404s. */
const SERVER_PATHS = /^\/(api|docs|health)(\/|$)/;

/**
 * Where the built console is: `dist/web` at the repository (or image) root, found by walking up from this
 * file, which runs from `apps/gateway/src/web` in tests and from `dist/apps/gateway/src/web` once compiled.
 */
export function webConsoleRoot(from: string = __dirname): string | null {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json'))) {
      const root = join(dir, 'dist', 'web');
      return existsSync(join(root, 'index.html')) ? root : null;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** Fastify's default `maxParamLength`: longer path parameters are refused by the router. */
const MAX_PARAM_LENGTH = 100;

export function hasOverlongApiSegment(url: string): boolean {
  const path = url.split('?')[0];
  return SERVER_PATHS.test(path) && path.split('/').some((segment) => segment.length > MAX_PARAM_LENGTH);
}

/** Whether a GET for this URL should get the console's index.html (a client-side route). */
export function isConsoleRoute(url: string): boolean {
  const path = url.split('?')[0];
  return !SERVER_PATHS.test(path) && !/\.[a-z0-9]+$/i.test(path);
}

/**
 * Serves the web console (`vite build` output) at `/`: hashed assets with a long cache, and index.html for
 * every client-side route (`/auctions/…`, `/my/listings`…) so deep links and reloads work. The API stays under
 * `/api/v1`, the docs under `/docs`. Without a build, the gateway serves the API only and says so.
 */
export async function registerWebConsole(app: NestFastifyApplication, root: string | null = webConsoleRoot()): Promise<boolean> {
  if (!root) return false;
  const fastify = app.getHttpAdapter().getInstance();
  let index: Buffer;
  try {
    index = readFileSync(join(root, 'index.html'));
  } catch {
    // Being rebuilt right now (vite empties dist/web first): serve the API alone rather than fail to start.
    return false;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    // Nothing here needs reply.sendFile; leave the decorators alone (Swagger UI registers the plugin too).
    decorateReply: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
    // An API path whose parameter is over the router's limit falls through to this catch-all instead
    // of the router's refusal: answer it as the router would have (414), not as an unknown path.
    if (hasOverlongApiSegment(request.url)) return frameworkErrors({ code: 'FST_ERR_MAX_PARAM_LENGTH' } as FastifyError, request, reply);
    if (!isConsoleRoute(request.url)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  };
  fastify.get('/', sendIndex);
  fastify.get('/*', sendIndex);
  return true;
}
