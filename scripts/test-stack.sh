#!/usr/bin/env bash
# `npm run test:stack`: the services of docker-compose.yml run natively (no Docker engine), with the
# commands and environment written in that file, then a rollout through them (test/stack/).
# Step 1 provisions (downloads); step 2 runs the stack and its tests in test/stack/sandbox.sh: private
# network, mount and PID namespaces (nothing outside is touched, and no process it started outlives
# it, also when it fails) and a fresh run directory (fresh volumes every run). Needs root (as CI).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsx test/stack/provision.ts
exec bash test/stack/sandbox.sh npx vitest run --config vitest.stack.config.mts "$@"
