#!/usr/bin/env bash
# `npm test`: installs what is missing (when it may), then typecheck, format, lint and the build for e2e (two lanes
# side by side), then unit, integration, e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

bash tests/install-system-deps.sh
[ -d node_modules/next ] || npm ci --no-audit --no-fund

# Two lanes side by side, so both cores stay busy (tsc, prettier and eslint are single-threaded):
#   typecheck, then the build (the build rewrites next-env.d.ts and .next/types, which tsc reads);
#   format check, then lint (neither reads .next).
checks=$(mktemp -d)
run_check() {
  local name=$1
  shift
  local rc=0
  "$@" >"$checks/$name.log" 2>&1 || rc=$?
  echo "$rc" >"$checks/$name.rc"
}
echo "== typecheck + build (for e2e) | format + lint"
(
  run_check typecheck npm run -s typecheck
  run_check build env CASEFLOW_BUILD_FOR_TESTS=1 npx next build
) &
(
  run_check format npm run -s format:check
  run_check lint npm run -s lint
) &
wait
failed_checks=''
for name in typecheck format lint build; do
  rc=$(cat "$checks/$name.rc")
  if [ "$rc" = 0 ]; then
    echo "   $name: ok"
  else
    echo "== $name failed ($rc):"
    cat "$checks/$name.log"
    failed_checks="$failed_checks $name"
  fi
done
cp "$checks/build.log" /tmp/caseflow-test-build.log
rm -rf "$checks"
[ -z "$failed_checks" ] || { echo "failed:$failed_checks"; exit 1; }

echo "== unit + integration + e2e"
log=$(mktemp)
status=0
npx vitest run --config tests/vitest.config.ts "$@" 2>&1 | tee "$log" || status=$?
# One plain closing line for CI: "N passed, N failed".
summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ +Tests +' | tail -1)
passed=$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)
failed=$(grep -oE '[0-9]+ failed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)
rm -f "$log"
echo "== done in $(( $(date +%s) - started ))s"
echo "${passed:-0} passed, ${failed:-0} failed"
exit $status
