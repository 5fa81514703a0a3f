#!/usr/bin/env bash
# Bagging, Voting and Stacking against their members, in one run (eng/bench/EnsembleBench):
#  - quality: held-out metrics (80/20 split, seed 1) of our Mlp (one hidden layer of 64, 50 epochs), ML.NET's FastTree
#    (OneVersusAll over it for multiclass) and LightGbm, their soft Voting and their Stacking (5 stratified folds, ML.NET's
#    logistic regression / maximum entropy / SDCA as meta-learner) on spam, breast-cancer, pima-diabetes, vehicle,
#    satellite and boston-housing;
#  - speed: on spam, each model's training time, Transform throughput (rows/s reading Score) and
#    PredictionEngine latency (µs per row), each over passes of the test rows for at least 2 s after an untimed warm-up
#    (a fit on 300 rows and a scoring pass), Bagging(FastTree, 5) included.
# The speed part runs with tiered compilation and ReadyToRun code off (DOTNET_TieredCompilation=0, DOTNET_ReadyToRun=0):
# every method is compiled fully optimized on first call, so that the models timed first are not timed on tier-0 code
# (with tiering on, the same five FastTree members timed 2-4x apart depending on their place in the run).
# Usage: eng/bench/run-ensemble-bench.sh [threads] [quality] [speed]   (default: all processors; both parts)
# About 10 minutes on 2 cores for both parts.
set -euo pipefail
cd "$(dirname "$0")/../.."
threads="${1:-$(nproc)}"
shift || true
parts=("${@:-quality speed}")
read -r -a parts <<< "${parts[*]}"

dotnet build eng/bench/EnsembleBench -c Release -v q -nologo --disable-build-servers >&2
dotnet build-server shutdown >/dev/null 2>&1 || true
pin="taskset -c 0-$((threads - 1))"
bench="eng/bench/EnsembleBench/bin/Release/net10.0/EnsembleBench.dll"
echo "threads=$threads cpu=\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\""
for part in "${parts[@]}"; do
  jit=(); [ "$part" = speed ] && jit=(DOTNET_TieredCompilation=0 DOTNET_ReadyToRun=0)
  env "${jit[@]}" DOTNET_PROCESSOR_COUNT="$threads" $pin dotnet "$bench" "$part" test/TestData | awk -v part="$part" '
    part == "quality" {
      key = $2 " " $4; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      value[$2 " " $4 " " $3] = $5; models[$3] = 1
    }
    part == "speed" { printf "%-8s %-20s %-28s %s\n", $2, $3, $4, $5 }
    END {
      if (part != "quality") exit
      printf "%-15s %-9s %9s %9s %9s %9s %9s  best member\n", "dataset", "metric", "Mlp", "FastTree", "LightGbm", "Voting", "Stacking"
      for (i = 1; i <= n; i++) {
        split(order[i], k, " "); lower = (k[2] == "log_loss" || k[2] == "rmse")
        best = ""; for (m in models) if (m == "Mlp" || m == "FastTree" || m == "LightGbm") {
          v = value[order[i] " " m]; if (best == "" || (lower ? v < bestValue : v > bestValue)) { best = m; bestValue = v } }
        printf "%-15s %-9s %9.4f %9.4f %9.4f %9.4f %9.4f  %s\n", k[1], k[2], value[order[i] " Mlp"], value[order[i] " FastTree"], value[order[i] " LightGbm"], value[order[i] " Voting"], value[order[i] " Stacking"], best
      }
    }'
done
