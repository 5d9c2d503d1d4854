# syntax=docker/dockerfile:1
# Production image. Every dependency is installed inside the image, so native modules (better-sqlite3,
# hnswlib-node) are compiled for the image's Node and libc; .dockerignore keeps the host's node_modules,
# data/ (which holds tips) and .env files out of the build context. The runtime stage gets only the
# production dependencies and the compiled app, and runs as a non-root user.
ARG NODE_IMAGE=node:20-bookworm-slim

# Toolchain for the native modules that have no prebuilt binary for this platform.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./

# Production dependencies only: what the runtime stage ships.
FROM toolchain AS prod-deps
RUN npm ci --omit=dev --no-audit --no-fund

# All dependencies plus the sources: compiles TypeScript into dist/ (with the assets it reads).
FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY app ./app
COPY bot ./bot
COPY dashboard ./dashboard
COPY domain ./domain
COPY handlers ./handlers
COPY jobs ./jobs
COPY knowledge ./knowledge
COPY locales ./locales
COPY stores ./stores
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production DATA_DIR=/data HOST=0.0.0.0 PORT=3000 TZ=Asia/Shanghai
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/app/main.js"]
