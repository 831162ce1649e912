#!/usr/bin/env bash
# Collects the commits between two git refs into a temporary file and prints its path.
#
#   scripts/collect-changes.sh [<from-ref> [<to-ref>]]
#
#   from-ref  older ref, excluded (tag, branch or commit). Default: the latest tag
#             reachable from to-ref; if there is no tag, the whole history.
#   to-ref    newer ref, included. Default: HEAD.
#
# Merge commits are skipped. Each commit is written as
#   <short hash> US <subject> US <body> RS
# (US = \x1f unit separator, RS = \x1e record separator), the format that
# scripts/group_changes.py reads. Run from inside the repository.
#
# Exit codes: 0 success (even with no commits), 1 not a git repository,
# 2 usage error or unknown ref.
set -euo pipefail

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
}

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  usage
  exit 0
fi
if [[ $# -gt 2 ]]; then
  echo "error: expected at most two refs, got $#" >&2
  usage >&2
  exit 2
fi

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "error: $(pwd) is not inside a git repository" >&2
  exit 1
fi

to_ref="${2:-HEAD}"
if ! git rev-parse --verify --quiet "${to_ref}^{commit}" >/dev/null; then
  echo "error: unknown ref '${to_ref}'" >&2
  exit 2
fi

if [[ $# -ge 1 && -n "$1" ]]; then
  from_ref="$1"
  if ! git rev-parse --verify --quiet "${from_ref}^{commit}" >/dev/null; then
    echo "error: unknown ref '${from_ref}' (fetch tags with: git fetch --tags)" >&2
    exit 2
  fi
else
  # Latest tag reachable from to_ref, excluding a tag that points at to_ref itself.
  from_ref="$(git describe --tags --abbrev=0 "${to_ref}^" 2>/dev/null || true)"
fi

if [[ -n "$from_ref" ]]; then
  range="${from_ref}..${to_ref}"
else
  range="$to_ref"
fi

out="$(mktemp "${TMPDIR:-/tmp}/release-changes.XXXXXX")"
git log --no-merges --format='%h%x1f%s%x1f%b%x1e' "$range" >"$out"

count="$(git rev-list --no-merges --count "$range")"
echo "collected ${count} commit(s) in ${range}" >&2
[[ -n "$from_ref" ]] || echo "note: no earlier tag found; collected the whole history" >&2
echo "$out"
