#!/usr/bin/env bash
# The model search's best model within a time budget (ModelSearchExperiment with its defaults: 5-fold cross-validation,
# every family, successive halving, ensembles, the best refitted on every training row) against ML.NET's FastTree and
# LightGbm with their defaults (on the search's featurization) and scikit-learn's HistGradientBoosting and
# MLPClassifier/MLPRegressor with their defaults (one-hot categories; median and standardization for the MLP), on the
# same seeded 80/20 split of each shared dataset, scored on the 20 % no one trained on. Prints one table row per dataset:
# test accuracy (binary: and ROC AUC) or R², and each side's seconds.
# Usage: eng/bench/run-modelsearch-bench.sh [train seconds] [cases...]
#        (default: 60 s; pima breast-cancer spam vehicle glass satellite boston diabetes)
# A run takes about (train seconds + 10 s) per case on a quiet 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
shift || true
declare -A spec=(
  [pima]=pima-diabetes.csv:binary:diabetes [breast-cancer]=breast-cancer.csv:binary:Class [spam]=spam.csv:binary:type
  [vehicle]=vehicle.csv:multiclass:Class [glass]=glass.csv:multiclass:Type [satellite]=satellite.csv:multiclass:classes
  [boston]=boston-housing.csv:regression:medv [diabetes]=diabetes-progression.csv:regression:progression
)
cases=("${@:-pima breast-cancer spam vehicle glass satellite boston diabetes}")
read -r -a cases <<< "${cases[*]}"
bash eng/bench/install-peers.sh python3-sklearn libopenblas0-openmp
data=test/TestData
splits=artifacts/bench/modelsearch
dotnet build eng/bench/ModelSearchBench -c Release -v q -nologo --disable-build-servers >&2
dotnet build-server shutdown >/dev/null 2>&1 || true
echo "train-time=${seconds}s threads=$(nproc) cpu=\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\" load=\"$(cut -d' ' -f1-3 /proc/loadavg)\" dotnet $(dotnet --version) sklearn $(/usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)')"
printf "%-14s %-17s %9s %9s %9s %9s %9s   %s\n" case metric search fasttree lightgbm sk-hgb sk-mlp "seconds: search fasttree lightgbm sk-hgb sk-mlp; best trial"
for name in "${cases[@]}"; do
  IFS=: read -r file task label <<< "${spec[$name]}"
  ours=$(dotnet eng/bench/ModelSearchBench/bin/Release/net10.0/ModelSearchBench.dll "$data" "$splits" "$seconds" "$name=${spec[$name]}")
  positive=$(echo "$ours" | awk '$2 == "search" && $3 == "positive" { print $4 }')
  peers=$(LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 eng/bench/peers/modelsearch_peer.py "$name" \
    "$splits/$name-train.csv" "$splits/$name-test.csv" "$label" "$task" "$positive")
  echo "$ours"$'\n'"$peers" | awk -v name="$name" '
    { value[$2 " " $3] = $4; if ($3 != "seconds" && $3 != "best" && $3 != "trials" && $3 != "positive") metrics[$3] = 1 }
    END {
      n = split("search fasttree lightgbm sklearn-hgb sklearn-mlp", who, " ")
      seconds = ""
      for (i = 1; i <= n; i++) seconds = seconds sprintf(" %.1f", value[who[i] " seconds"])
      for (m in metrics) {
        printf "%-14s %-17s", name, m
        for (i = 1; i <= n; i++) printf " %9.4f", value[who[i] " " m]
        printf "  %s; %s trials, best %s\n", seconds, value["search trials"], value["search best"]
      }
    }'
done
