#!/usr/bin/env bash
# Runs a command (the stack test) the way `npm run test:stack` needs it, as root:
# - in a private network namespace: compose's fixed ports cannot clash with anything on the machine,
#   and service names resolve to 127.0.0.1 through a private /etc/hosts (mount namespace);
# - in a private PID namespace whose first process is this script's shell: when the command ends,
#   passing or failing, or this script is stopped, the kernel kills every process left in it
#   (services run detached in their own process groups, PostgreSQL as user postgres, their children);
# - with a fresh run directory under /tmp (mode 0755), STACK_RUN_DIR, for the stack's named volumes
#   and what a service run as another OS user must reach: so every run starts from fresh volumes, and
#   a checkout under a private (0700) parent works. It is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then
  echo "test/stack/sandbox.sh: needs root (unshare; PostgreSQL runs as user postgres)" >&2
  exit 1
fi
run_dir=$(mktemp -d /tmp/clanforge-rollout-stack.XXXXXX)
trap 'rm -rf "$run_dir"' EXIT
chmod 755 "$run_dir"
mkdir "$run_dir/postgresql-socket"
if id postgres >/dev/null 2>&1; then
  chown postgres "$run_dir/postgresql-socket"
  if ! setpriv --reuid=postgres --regid=postgres --init-groups test -x "$run_dir"; then
    echo "test/stack/sandbox.sh: user postgres cannot reach $run_dir; make /tmp world-searchable (chmod 1777 /tmp)" >&2
    exit 1
  fi
fi
export STACK_RUN_DIR=$run_dir
# In the background, so a TERM or INT to this script is handled at once. unshare blocks both while
# it waits, so it gets KILL; with --kill-child the namespace's first process, and so every process
# in the namespace, dies with it.
unshare --mount --net --pid --kill-child --mount-proc --propagation private -- bash -c '
  set -euo pipefail
  ip link set lo up
  mount --bind .stack/hosts /etc/hosts
  # The postgres image keeps its socket in /var/run/postgresql; give the stack a private one.
  if [ -d /var/run/postgresql ]; then mount --bind "$STACK_RUN_DIR/postgresql-socket" /var/run/postgresql; fi
  status=0
  "$@" || status=$?
  exit "$status"
' stack-sandbox "$@" &
child=$!
trap 'kill -KILL "$child" 2>/dev/null || true' INT TERM
status=0
wait "$child" || status=$?
# A signal interrupts the first wait; this one waits for unshare itself to end.
wait "$child" 2>/dev/null || true
exit "$status"
