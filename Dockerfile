# syntax=docker/dockerfile:1
# The rollout worker (and, with another command, the Clanforge simulator).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
# Also writes lib/build-id.json, the worker's Worker Deployment build id: with no .git here, the
# package version and a hash of src/ (set CLANFORGE_BUILD_ID on the container to override).
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/lib ./lib
COPY bin ./bin
COPY schema ./schema
# The worker bundles its workflow code at start-up from lib/workflows.
USER node
ENV METRICS_PORT=9464
EXPOSE 9464
# Ready = the worker is polling its task queue (GET /ready on METRICS_PORT).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||9464)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# A V8 heap sized for a 1 GiB container: left to itself, V8 sizes its heap from the host's memory
# and lets garbage grow to gigabytes (1,620 MB RSS at 1,000 rollouts, 874 MB with this cap).
ENV NODE_OPTIONS=--max-old-space-size=512
CMD ["node", "lib/worker.js"]
