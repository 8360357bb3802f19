#!/usr/bin/env bash
# Runs `iacgen validate` for the GitHub Action (action.yml) from its inputs, which the action
# passes as INPUT_* environment variables:
#
#   INPUT_PATHS          paths to validate, separated by blanks or newlines (empty: the whole repository)
#   INPUT_FORMAT         report format (--format; default sarif)
#   INPUT_OUTPUT         report file (default: $RUNNER_TEMP/iacgen-report.<extension>)
#   INPUT_CHANGED_SINCE  git ref for --changed-since; `auto` (default): origin/$GITHUB_BASE_REF on
#                        pull_request and pull_request_target events, else none; `none` or empty: none
#   INPUT_BASELINE       true (default) or false (--no-baseline)
#   INPUT_SHARD          i/n for --shard (empty: none)
#   INPUT_FAIL_ON        --fail-on severity (empty: iacgen's default, error)
#
# When the --changed-since ref is not in the clone (a shallow or single-branch checkout), it is
# fetched first: `git fetch --no-tags origin +refs/heads/B:refs/remotes/origin/B` for origin/B (else
# the ref itself), with --unshallow when the clone is shallow, since the merge base is needed too.
# actions/checkout with fetch-depth: 0 makes that fetch unnecessary.
#
# With format github (annotations) or pretty, the report is printed too, after iacgen ends.
# The report is written before anything else can fail; then the step outputs `report` (its path,
# empty when iacgen wrote none) and `exit-code` go to $GITHUB_OUTPUT, and the script exits with
# iacgen's exit code, so a later step with `if: always()` (the SARIF upload) still has the report.
set -uo pipefail

fail() {
  echo "::error title=iacgen action::$1"
  exit 2
}

format=${INPUT_FORMAT:-sarif}
changed_since=${INPUT_CHANGED_SINCE-auto}
baseline=${INPUT_BASELINE:-true}

case "$format" in
  sarif) extension=sarif ;;
  junit) extension=xml ;;
  json | codeclimate) extension=json ;;
  *) extension=txt ;;
esac
output=${INPUT_OUTPUT:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/iacgen-report.$extension}

if [[ $changed_since == auto ]]; then
  changed_since=''
  case "${GITHUB_EVENT_NAME:-}" in
    pull_request | pull_request_target) [[ -z ${GITHUB_BASE_REF:-} ]] || changed_since="origin/$GITHUB_BASE_REF" ;;
  esac
elif [[ $changed_since == none ]]; then
  changed_since=''
fi

args=(validate --format "$format" --output "$output")
case "$baseline" in
  true) ;;
  false) args+=(--no-baseline) ;;
  *) fail "input baseline must be true or false, not '$baseline'" ;;
esac
[[ -z ${INPUT_FAIL_ON:-} ]] || args+=(--fail-on "$INPUT_FAIL_ON")
[[ -z ${INPUT_SHARD:-} ]] || args+=(--shard "$INPUT_SHARD")
if [[ -n $changed_since ]]; then
  args+=(--changed-since "$changed_since")
  if ! git rev-parse --verify --quiet "$changed_since^{commit}" >/dev/null || ! git merge-base HEAD "$changed_since" >/dev/null 2>&1; then
    refspec=$changed_since
    [[ $changed_since != origin/* ]] || refspec="+refs/heads/${changed_since#origin/}:refs/remotes/$changed_since"
    deepen=()
    [[ $(git rev-parse --is-shallow-repository) != true ]] || deepen=(--unshallow)
    echo "iacgen action: fetching $changed_since for --changed-since: git fetch --no-tags ${deepen[*]} origin $refspec"
    git fetch --no-tags "${deepen[@]}" origin "$refspec" || fail "could not fetch $changed_since from origin for --changed-since: check out with fetch-depth: 0, or set changed-since to a ref the clone has (none: the whole repository)"
  fi
fi
# Paths last, after `--`, so that a path starting with `-` is never read as a flag.
read -r -a paths <<<"$(printf '%s' "${INPUT_PATHS:-}" | tr '\n' ' ')"
[[ ${#paths[@]} -eq 0 ]] || args+=(-- "${paths[@]}")

mkdir -p "$(dirname "$output")"
rm -f "$output"
echo "iacgen action: iacgen ${args[*]}"
iacgen "${args[@]}"
code=$?

report=''
[[ ! -f $output ]] || report=$output
# The runner reads workflow commands (format github: annotations) from the step's output; a
# pretty report is for reading in the log too.
if [[ -n $report && ($format == github || $format == pretty) ]]; then
  cat "$report"
fi
if [[ -n ${GITHUB_OUTPUT:-} ]]; then
  {
    echo "report=$report"
    echo "exit-code=$code"
  } >>"$GITHUB_OUTPUT"
fi
exit "$code"
