#!/usr/bin/env bash
# Our Mlp with no options against scikit-learn's MLPClassifier() / MLPRegressor() with their defaults, on 13 tabular
# sets (10 classification, one of them a 26-class stand-in made by make_classification, 3 regression), each split 75/25
# with seeds 1..<seeds> by eng/bench/peers/defaults_peer.py (written once, under artifacts/bench/defaults, and read
# by both sides): ML.NET's ReplaceMissingValues + NormalizeMeanVariance + Mlp() against SimpleImputer + StandardScaler
# + MLP*(). Prints, per set, the held-out accuracy and log loss (classification) or R², the training time (processor
# seconds, steadier than wall time on a shared machine) and the epochs of both sides, means over the seeds, and
# ours / scikit-learn.
# Variants after the seeds are changes to MlpOptions' defaults (see eng/bench/DefaultsBench/Program.cs), e.g.
# "vf=0" or "es=none,plateau=none"; each is run and compared with the defaults too (what each default costs and gains).
# Both sides run on one thread (OMP_NUM_THREADS=1, DOTNET_PROCESSOR_COUNT=1): these networks are too small to gain from
# a second, and the timings are steadier on a shared machine. About a minute for 3 seeds without variants (3.5 with
# seven), plus the build. The datasets are read from test/TestData (or $DATASETS, e.g. ../shared/datasets).
# Usage: eng/bench/run-defaults-bench.sh [seeds] [variant ...]   (default: 3 seeds, no variant)
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds="${1:-3}"
shift || true

bash eng/bench/install-peers.sh python3-sklearn
data=artifacts/bench/defaults
[ -f "$data/sets.txt" ] && [ -f "$data/airquality-$seeds-test.csv" ] || /usr/bin/python3 eng/bench/peers/defaults_peer.py data "${DATASETS:-test/TestData}" "$data" "$seeds"
dotnet build eng/bench/DefaultsBench -c Release -v q -nologo --disable-build-servers >&2
dotnet build-server shutdown >/dev/null 2>&1 || true
results="$data/results.txt"
echo "cpu=\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\" sklearn $(/usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)'), one thread each, $seeds seeds"
OMP_NUM_THREADS=1 /usr/bin/python3 eng/bench/peers/defaults_peer.py run "$data" "$seeds" > "$results"
for variant in defaults "$@"; do
  DOTNET_PROCESSOR_COUNT=1 dotnet eng/bench/DefaultsBench/bin/Release/net10.0/DefaultsBench.dll "$data" "$seeds" "$variant" >> "$results"
done
if [ $# -gt 0 ]; then
  /usr/bin/python3 eng/bench/peers/defaults_peer.py table "$results" defaults
else
  /usr/bin/python3 eng/bench/peers/defaults_peer.py table "$results"
fi
