#!/usr/bin/env bash
# `npm run test:stack`: the services of docker-compose.yml run natively (no Docker engine), with the
# commands and environment written in that file, then a rollout through them (test/stack/).
# Step 1 provisions (downloads); step 2 runs the stack and its tests in a private network and mount
# namespace: service names resolve to 127.0.0.1 through a private /etc/hosts, compose's fixed ports
# cannot clash with anything else on the machine, and nothing outside is touched. Needs root (as CI).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsx test/stack/provision.ts
mkdir -p .stack/run/postgresql
chown postgres .stack/run/postgresql 2>/dev/null || true
exec unshare --mount --net --propagation private -- bash -c '
  set -euo pipefail
  ip link set lo up
  mount --bind .stack/hosts /etc/hosts
  # The postgres image keeps its socket in /var/run/postgresql; give the stack a private one.
  if [ -d /var/run/postgresql ]; then mount --bind .stack/run/postgresql /var/run/postgresql; fi
  exec npx vitest run --config vitest.stack.config.mts "$@"
' test-stack "$@"
