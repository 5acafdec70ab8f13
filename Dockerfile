# Multi-stage build: compile the TypeScript and bundle the pages in a builder,
# then run on the same slim Node LTS image as an unprivileged user.
#
#   docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD) -t fxa-selfhost .
#   podman build --format docker --build-arg GIT_COMMIT=$(git rev-parse HEAD) -t fxa-selfhost .
#
# podman needs --format docker: its default OCI format has no HEALTHCHECK.
# The base is pinned to an exact release; moving to a newer Node LTS is a
# one-line change here, noted in CHANGELOG.md.
ARG NODE_IMAGE=node:24.21.0-trixie-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# npm runs node-gyp for better-sqlite3's binding.gyp, which only looks for
# the prebuilt binary, but gyp itself needs python3, make and a compiler,
# and Node's headers: npm_config_nodedir points it at those the image
# ships, so none is downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# An npm that lost its network has been seen to exit 0 having installed
# nothing; the compiler being there proves the install happened.
RUN npm_config_nodedir=/usr/local npm ci --no-audit --no-fund && test -x node_modules/.bin/tsc
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev --no-audit --no-fund
# better-sqlite3 ships its sources, a prebuilt binary for every platform and
# gyp's build files; the image needs only the binary this platform loads
# (linux-x64 or linux-arm64). Loading it afterwards proves it was kept.
RUN set -eu; \
    cd node_modules/better-sqlite3; \
    keep="$(node -p "require('./lib/binding.js').getPrebuildPath() || ''")"; \
    test -n "$keep"; \
    for f in prebuilds/*.node; do [ "$PWD/$f" = "$keep" ] || rm "$f"; done; \
    rm -rf deps src binding.gyp build ../node-addon-api; \
    cd /app; \
    node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=9000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY db-migrations ./db-migrations
# Numeric, so that Kubernetes' runAsNonRoot can tell it is not root.
# Mode 0700, as the server makes a data directory it creates itself: the
# database holds password verifiers and the seeds of live tokens, and a new
# named volume takes this mode from the image.
RUN mkdir -p /data && chown 1000:1000 /data && chmod 700 /data
USER 1000:1000
VOLUME ["/data"]
EXPOSE 9000
# The probe gives up by itself before --timeout: podman reports a timeout
# but leaves the probe running, and a server that accepts the connection
# without answering (stopped, or its event loop stuck) would otherwise hold
# each probe for minutes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||9000)+'/__lbheartbeat__',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Last, so a new commit rebuilds no earlier layer; /__version__ reports it.
# podman (buildah) leaves an ENV's value out of its layer cache key: a new
# GIT_COMMIT alone would reuse the last image, still naming the old commit.
# A RUN that uses the argument is keyed by its value, and so is all after it.
ARG GIT_COMMIT=""
RUN echo "commit: ${GIT_COMMIT:-unknown}"
ENV GIT_COMMIT=${GIT_COMMIT}
LABEL org.opencontainers.image.revision=${GIT_COMMIT}
CMD ["node", "dist/src/main.js"]
