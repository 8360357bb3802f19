#!/bin/bash
# ansible-lint's own fixer (--fix, or --write before 6.14) on a clone of a real repository: files and lines
# changed, and comment lines of its YAML files lost. Not a test: run by hand, like adopt.mjs (README.md).
#   test/real/ansible-lint-fix.sh REPO_DIR
set -u
src=$1; name=$(basename "$src"); d=$(mktemp -d); git clone -q "$src" "$d/$name"; cd "$d/$name" || exit 1
count() { git ls-files -z '*.yml' '*.yaml' | xargs -0 grep -h -E '^\s*#' 2>/dev/null | sed 's/^\s*//' | sort; }
count > "$d/before"
flag=--write
ansible-lint --help 2>/dev/null | grep -q -- '--fix' && flag=--fix
start=$(date +%s)
timeout 900 ansible-lint --offline $flag >/dev/null 2>"$d/err"; rc=$?
end=$(date +%s)
count > "$d/after"
changed=$(git diff --name-only | wc -l)
lines=$(git diff --numstat | awk '{a+=$1; r+=$2} END {print "+" a "/-" r}')
lost=$(comm -23 "$d/before" "$d/after" | wc -l)
version=$(ansible-lint --version 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g' | awk '{print $2}')
echo "$name: ansible-lint $version $flag exit $rc in $((end-start)) s; files changed $changed (lines $lines); comment lines $(wc -l < "$d/before") before, lost $lost"
comm -23 "$d/before" "$d/after" | head -3 | sed 's/^/    lost: /'
[ "$changed" = 0 ] && tail -2 "$d/err" | sed 's/^/    stderr: /'
rm -rf "$d"
