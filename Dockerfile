# syntax=docker/dockerfile:1
#
# Outrigger container image.
#
#   docker build -t outrigger .
#   docker run --rm outrigger --version
#
# Three stages, so the image that runs holds only what runs:
#   build   – every dependency + TypeScript, compiles src/ to dist/
#   deps    – production dependencies only (no TypeScript, no eslint, no `node` npm package)
#   runtime – the base image's Node 24, dist/, production node_modules, package.json
#
# The runtime image is meant for Kubernetes with readOnlyRootFilesystem: it writes only to
# /var/lib/outrigger (the embedded broker's SQLite file) and /tmp. See deploy/ for manifests.

# One place to pin the base image (a digest here makes builds reproducible).
ARG NODE_IMAGE=node:24-bookworm-slim

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# Manifests first: this layer (the slow one) is rebuilt only when dependencies change.
COPY package.json package-lock.json ./
# --ignore-scripts: the only install script in the tree is the `node` devDependency's, which
# downloads a second Node binary for npm scripts on developer machines. The image already has
# Node 24, so it is skipped; nothing else needs a script to build.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY src/ ./src/
# The compiler runs on the image's `node`, named explicitly rather than through `npx` or an npm
# script, whose PATH puts node_modules/.bin first: whatever the `node` devDependency leaves there
# (nothing, with --ignore-scripts) can never decide which Node compiles. Only src/ is copied, so
# only dist/src/ is produced (bench/ is not part of the image).
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies exactly as locked. None of them has an install script; if one ever
# needs one, drop --ignore-scripts here (and only here).
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime

LABEL org.opencontainers.image.title="outrigger" \
      org.opencontainers.image.description="Per-pod sidecar messaging proxy: query, command, publish and stream over one localhost API, on any broker." \
      org.opencontainers.image.licenses="Apache-2.0"

# tini as PID 1: Node is not written to be PID 1. As PID 1 a signal with no handler installed
# yet (SIGTERM while config is loading or brokers are connecting) is silently ignored, so the
# pod would sit until the kubelet's SIGKILL. tini forwards SIGTERM to node and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*

# The only writable place the process needs. Owned by the runtime user so an emptyDir or a
# PVC mounted here (with fsGroup) and a plain `docker run` both work.
RUN mkdir -p /var/lib/outrigger \
 && chown 1000:1000 /var/lib/outrigger \
 && chmod 0750 /var/lib/outrigger

WORKDIR /app
# Application files stay owned by root and are read-only to the runtime user: the process
# cannot modify its own code. package.json must sit next to dist/: `--version` reads
# ../../package.json relative to dist/src/main.js.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The gRPC API reads its .proto files at run time (src/api/grpc/protos.ts finds proto/ next to dist/).
COPY proto/ ./proto/
# The Dapr-compatible gRPC API reads Dapr's .proto files, which come with the Dapr JavaScript SDK
# (a devDependency, so only the build stage has it): that folder alone, at the
# place src/api/dapr/grpc/protos.ts looks for it.
COPY --from=build /app/node_modules/@dapr/dapr/proto ./node_modules/@dapr/dapr/proto/

# NODE_ENV=production: libraries take their production paths.
# OUTRIGGER_DATA_DIR: the embedded broker's file goes to the volume, never to /app.
# TMPDIR=/tmp: SQLite looks for a temp directory in /var/tmp before /tmp; pinning it keeps every
#   temp write on the /tmp volume when the root filesystem is read-only.
# NODE_COMPILE_CACHE: V8's compiled code for every module, kept on the /tmp volume; a restarted
#   container in the same pod (the emptyDir outlives it) starts from it. main.js turns it on.
ENV NODE_ENV=production \
    OUTRIGGER_DATA_DIR=/var/lib/outrigger \
    TMPDIR=/tmp \
    NODE_COMPILE_CACHE=/tmp/outrigger-compile-cache

VOLUME ["/var/lib/outrigger"]

# 7700 HTTP API and 7701 gRPC API listen on 127.0.0.1 by default: only the app in the same pod
# (network namespace) reaches them. For a local `docker run -p 7700:7700` trial set
# OUTRIGGER_HTTP_ADDR=0.0.0.0:7700 and OUTRIGGER_API_TOKEN. 7702 is the admin port
# (/healthz, /readyz, /metrics) on 0.0.0.0 for the kubelet and Prometheus.
EXPOSE 7700 7701 7702

# Numeric uid:gid (the base image's `node` user), so Kubernetes' runAsNonRoot can verify it is
# not root without a runAsUser in the pod spec.
USER 1000:1000

# SIGTERM starts the graceful drain (not-ready, stop taking messages, finish or release
# in-flight deliveries, close brokers) within shutdown.gracePeriod. Stated, not assumed.
STOPSIGNAL SIGTERM

# No HEALTHCHECK: Kubernetes ignores it and uses the probes in deploy/base/deployment.yaml
# (/healthz, /readyz on the admin port), and the image carries no curl to run one.

# Exec form, with arguments appended: `docker run outrigger --config /etc/outrigger/outrigger.yaml`
# and Kubernetes `args:` both land after main.js. ENTRYPOINT rather than CMD, because Kubernetes
# `args` replaces CMD entirely. Empty CMD with no OUTRIGGER_CONFIG: NODE_ENV=production makes the
# sidecar refuse to start without a config (a missing ConfigMap must not start an unconfigured
# sidecar); `docker run outrigger run --dev` is the trial on the embedded broker. The same
# entrypoint runs the CLI verbs: `docker run outrigger validate /w/outrigger.yaml`.
#
# Node flags for a sidecar, each measured in BENCHMARKS.md (Footprint): a young generation of at
# most 1 MiB per semi-space instead of 16 and V8's optimize-for-size mode. The bench reads them
# from this line (bench/lib/image-flags.ts), so it measures what the pod runs; running the daemon
# elsewhere, pass the same flags to node (they are V8 options NODE_OPTIONS does not accept).
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--max-semi-space-size=1", "--optimize-for-size", "dist/src/main.js"]
CMD []
