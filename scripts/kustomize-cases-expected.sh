#!/bin/sh
# Writes the expected output of every case under test/fixtures/kustomize-cases/ with the real kustomize, once,
# by hand (the tests never run it). `kubectl kustomize` of kubectl v1.32 embeds kustomize v5.5.0, the version
# the renderer follows (`kubectl version --client` prints it). `--reorder none` keeps kustomize's accumulation
# order, the order the generator and transformer steps work in; the legacy kind ordering is the renderer's
# last step and is tested with it. Warnings (deprecated fields) go to stderr and are not part of the output.
set -eu
cd "$(dirname "$0")/../test/fixtures/kustomize-cases"
kubectl version --client | grep -q 'Kustomize Version: v5.5.0'
for dir in */; do
  kubectl kustomize --reorder none "${dir%/}" >"${dir}expected.yaml" 2>/dev/null
done
