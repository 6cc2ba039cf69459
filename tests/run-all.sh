#!/usr/bin/env bash
# `npm test`: installs what is missing (when it may), then typecheck, lint, unit, integration, e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

bash tests/install-system-deps.sh
[ -d node_modules/next ] || npm ci --no-audit --no-fund

echo "== typecheck" && npm run -s typecheck
echo "== format" && npm run -s format:check
echo "== lint" && npm run -s lint
echo "== build (for e2e)" && CASEFLOW_BUILD_FOR_TESTS=1 npx next build > /tmp/caseflow-test-build.log 2>&1 || { cat /tmp/caseflow-test-build.log; exit 1; }
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
