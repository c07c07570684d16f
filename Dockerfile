# One image for every app; docker-compose.yml picks the app with APP.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
COPY scripts ./scripts
# The web console (apps/web) is built into dist/web, which the gateway serves at /.
RUN npx tsc -p tsconfig.build.json && npx vite build --config apps/web/vite.config.ts && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production TS_NODE_BASEURL=./dist
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json tsconfig.json ./
USER node
# APP is one of: gateway identity listings evaluation auction matching worker
CMD ["sh", "-c", "exec node -r tsconfig-paths/register dist/apps/${APP}/src/main.js"]
