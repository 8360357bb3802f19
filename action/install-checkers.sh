#!/usr/bin/env bash
# Installs the checkers iacgen runs, from the runner's own apt packages (Debian or Ubuntu), and
# only those not installed yet (`dpkg -s`). Nothing is downloaded outside the package manager.
#
#   bash action/install-checkers.sh            install what is missing (apt-get; sudo when not root)
#   bash action/install-checkers.sh --dry-run  only print what it would install (also IACGEN_DRY_RUN=1)
#
# The packages (README, "Checkers"): ansible-core (ansible-playbook --syntax-check,
# ansible-inventory), ansible-lint, yamllint, shellcheck, shfmt, pyflakes3, python3, bubblewrap
# (the sandbox), and one Compose: none when `docker compose` works or a Compose package is
# installed (GitHub's Ubuntu runners ship Docker's plugin), else the first package apt knows of
# docker-compose-v2 (Ubuntu), docker-compose-plugin (Docker's repository) and docker-compose
# (Debian: v2 from Debian 13, the legacy v1 in Debian 12).
# Terraform and OpenTofu are not in Debian or Ubuntu: install them with their vendors' actions.
set -euo pipefail

PACKAGES=(ansible-core ansible-lint yamllint shellcheck shfmt pyflakes3 python3 bubblewrap)
COMPOSE_PACKAGES=(docker-compose-v2 docker-compose-plugin docker-compose)

dry_run=${IACGEN_DRY_RUN:-}
case "${1:-}" in
  --dry-run) dry_run=1 ;;
  '') ;;
  *)
    echo "install-checkers.sh: unknown argument '$1' (usage: install-checkers.sh [--dry-run])" >&2
    exit 2
    ;;
esac

installed() { dpkg -s "$1" >/dev/null 2>&1; }

if ! command -v dpkg >/dev/null || ! command -v apt-get >/dev/null; then
  echo "install-checkers.sh: this runner has no apt-get/dpkg (not Debian or Ubuntu): install the checkers yourself (README, Checkers) and set install-checkers: false" >&2
  exit 2
fi

missing=()
for package in "${PACKAGES[@]}"; do
  installed "$package" || missing+=("$package")
done

need_compose=1
if docker compose version >/dev/null 2>&1; then
  need_compose=''
else
  for package in "${COMPOSE_PACKAGES[@]}"; do
    if installed "$package"; then need_compose=''; fi
  done
fi

if [[ ${#missing[@]} -eq 0 && -z $need_compose ]]; then
  echo "install-checkers: every checker package is installed; nothing to install"
  exit 0
fi

if [[ -n $dry_run ]]; then
  [[ ${#missing[@]} -eq 0 ]] || echo "install-checkers: would install: ${missing[*]}"
  [[ -z $need_compose ]] || echo "install-checkers: would install a Compose package: the first apt knows of ${COMPOSE_PACKAGES[*]}"
  exit 0
fi

sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
if [[ -n $need_compose ]]; then
  for package in "${COMPOSE_PACKAGES[@]}"; do
    # A candidate version other than "(none)": apt can install it.
    if apt-cache policy "$package" 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -qv '^(none)$'; then
      missing+=("$package")
      break
    fi
  done
fi
echo "install-checkers: installing ${missing[*]}"
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
