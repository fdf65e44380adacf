#!/usr/bin/env bash
# The GitHub Action's check step (action.yml), run with its inputs as INPUT_* environment variables.
# It writes the SARIF report whatever the findings (so that code scanning sees them even when the step
# fails), then prints the findings in INPUT_FORMAT and exits with that run's exit code, so the step fails
# as the CLI would. Outputs go to $GITHUB_OUTPUT when it is set.
set -uo pipefail

bin="${KUBE_HINDSIGHT_BIN:-kube-hindsight}"
sarif="${INPUT_SARIF_FILE:-kube-hindsight.sarif}"
format="${INPUT_FORMAT:-github}"

# Paths are separated by spaces or new lines; globs stay quoted, as the CLI expands them itself.
paths=()
while IFS= read -r line; do
  read -r -a words <<<"$line"
  paths+=("${words[@]}")
done <<<"${INPUT_PATHS:-.}"
if [ "${#paths[@]}" -eq 0 ]; then paths=(.); fi

common=()
if [ -n "${INPUT_CONFIG:-}" ]; then common+=(--config "$INPUT_CONFIG"); fi
if [ -n "${INPUT_PROFILE:-}" ]; then common+=(--profile "$INPUT_PROFILE"); fi

"$bin" check "${common[@]}" --format sarif --fail-on none "${paths[@]}" >"$sarif"
sarif_code=$?
"$bin" check "${common[@]}" --format "$format" --fail-on "${INPUT_FAIL_ON:-warning}" "${paths[@]}"
code=$?
# A usage or configuration error in the SARIF run is an error of the step even when the second run passed.
if [ "$code" -eq 0 ] && [ "$sarif_code" -ne 0 ]; then code=$sarif_code; fi

findings=$(node -e '
  const fs = require("node:fs");
  try {
    const log = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const results = log.runs.flatMap((run) => run.results ?? []);
    console.log(results.filter((r) => !(r.suppressions ?? []).length).length);
  } catch {
    console.log(0);
  }
' "$sarif")

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "sarif-file=$sarif"
    echo "findings=$findings"
    echo "exit-code=$code"
  } >>"$GITHUB_OUTPUT"
fi
exit "$code"
