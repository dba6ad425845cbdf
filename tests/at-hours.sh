#!/usr/bin/env bash
# Time is an input: the suites that touch dates must pass whatever the hour. Between 00:00 and 08:00 UTC the
# agency's (Pacific) date is the UTC date's yesterday, and at 23:30 UTC the UTC date is still the agency's today,
# so these two hours catch a test or a product path that takes "today" from the UTC calendar. Needs libfaketime
# (Debian: faketime) and a built renderer (npm run build) for the e2e part.
set -euo pipefail
cd "$(dirname "$0")/.."
day=$(date -u +%F)
for at in 03:00:00 23:30:00; do
  echo "== the suites at $day $at UTC"
  TZ=UTC faketime "$day $at" npx vitest run
  TZ=UTC faketime "$day $at" npx playwright test first-run training admin search
done
