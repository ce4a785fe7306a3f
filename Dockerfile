# Cessez-le-feu bots: the compiled product (npm run build) on Node, as a non-root user.
#   docker build -t cessez-le-feu-bots .
#   docker run -v clf-data:/data -e TELEGRAM_BOT_TOKEN=… cessez-le-feu-bots        (embedded database)
# compose.yaml runs it with PostgreSQL; README: Docker. Node 20.19+, 22 and 24 run it (tested); 24 is
# the long-term support line with the longest life ahead.
ARG NODE_VERSION=24

# ── build: every dependency, the Prisma client generated, TypeScript compiled into dist/ ────────────
FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install script of a dependency is needed (they fetch engines the client does not use); the
# project's own, which generates the Prisma client, runs below once its schema is there.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY prisma ./prisma
COPY scripts ./scripts
RUN node scripts/generate-client.mjs
COPY locales ./locales
COPY core ./core
COPY bots ./bots
RUN npm run build

# ── run-time dependencies only ───────────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional too: what remains optional here is only TypeScript and the Prisma CLI (optional peers
# of @prisma/client and i18next) and platform binaries of build tools, ~230 MB the program never loads.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

# ── the image ────────────────────────────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-slim
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    DATA_DIR=/data \
    HTTP_PORT=3000
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The embedded database (DATA_DIR/db), evidence files and backups live on the volume, owned by the
# unprivileged user the image runs as (`node`, uid 1000, from the base image).
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
# Telegram's webhook, Slack's events, /healthz (alive) and /readyz (database reachable).
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.HTTP_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself as PID 1 (no npm in between), so a stop signal reaches the program.
CMD ["node", "dist/bots/main.js"]
