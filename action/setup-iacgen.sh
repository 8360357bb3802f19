#!/usr/bin/env bash
# Installs iacgen from the action's own folder (this repository at the ref the workflow named in
# `uses:`): `npm ci` there, which builds dist/ through the package's `prepare` script, then puts
# an `iacgen` command on PATH for the next steps (GITHUB_PATH). A folder already built
# (node_modules and dist/bundle present) is not installed again.
set -euo pipefail

action_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [[ -d $action_dir/node_modules && -f $action_dir/dist/bundle/entry.js ]]; then
  echo "setup-iacgen: $action_dir is already installed and built"
else
  echo "setup-iacgen: npm ci in $action_dir (builds dist/ through the prepare script)"
  (cd "$action_dir" && npm ci --no-audit --no-fund)
fi

# A folder of its own holding `iacgen` -> bin/iacgen.js, so PATH gains that one command only.
bin_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/iacgen-bin"
mkdir -p "$bin_dir"
ln -sfn "$action_dir/bin/iacgen.js" "$bin_dir/iacgen"
if [[ -n ${GITHUB_PATH:-} ]]; then
  echo "$bin_dir" >>"$GITHUB_PATH"
fi
echo "setup-iacgen: iacgen $("$bin_dir/iacgen" --version) at $bin_dir/iacgen"
