#!/usr/bin/env bash
# Runs the main sample (samples/TabularPipeline): load, transform, split, fit, save, load and predict.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet run --project "$root/samples/TabularPipeline/TabularPipeline.csproj" -c Release "$@"
