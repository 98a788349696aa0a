# Jiashu bot image. Needs nothing from the network but the npm registry (and Debian's
# packages for the compiler that builds better-sqlite3): Prisma runs without its native engine.

FROM node:20.20-bookworm-slim AS build
WORKDIR /app
# node-gyp builds better-sqlite3 against the headers that ship with Node instead of downloading them.
ENV npm_config_nodedir=/usr/local
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .prebuild-installrc ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY locales ./locales
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production \
    DATABASE_URL=file:/app/data/jiashu.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY prisma ./prisma
COPY locales ./locales
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
# 8080: the webhook server (BOT_MODE=webhook, WEBHOOK_PORT); 8081: GET /healthz (HEALTH_PORT).
EXPOSE 8080 8081
# The slim image has no curl: Node's own fetch asks /healthz, which answers 503 when the
# database is unreachable. The start period covers the migrations at start-up.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HEALTH_PORT || 8081) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The bot applies pending migrations itself, then takes updates by long polling or, with
# BOT_MODE=webhook, on WEBHOOK_PORT.
# The Node flags are npm start's (see "Memory" in the README); a test keeps the two alike.
CMD ["node", "--liftoff-only", "--max-old-space-size=256", "dist/main.js"]
