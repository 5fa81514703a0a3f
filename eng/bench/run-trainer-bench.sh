#!/usr/bin/env bash
# Our trainers through ML.NET (MLNet.NeuralExtensions on Microsoft.ML: ML.NET's text loader or LoadFromEnumerable, the
# trainers from ML.NET's catalogs, ML.NET's evaluators) against PyTorch and scikit-learn on the same prepared data,
# architecture, optimizer, epochs and thread count, one after the other in one run; prints the times and the ratios.
# Our side sets every option the comparison relies on (TrainerBench/LikeForLike.cs: epochs, batch, Adam at 0.001 with
# ε 1e-7, no validation rows, early stopping, plateau, weight penalty or clipping, the regression label as it is), so a
# change of the trainers' defaults does not change what is compared.
# spam, boston: BinaryClassification/Regression.Trainers.Mlp against a PyTorch loop and scikit-learn's
#   MLPClassifier/MLPRegressor on the files trainer_peer.py prepares (80/20 split, standardized; ours reads them with
#   ML.NET's text loader into an ML.NET cache filled before timing): one hidden layer of 100 ReLU units, Adam at 0.001,
#   batch 32, 20 (spam) or 200 (boston) epochs, best of 3 trainings each.
# fashion-mlp, fashion-cnn, fashion-lstm: MulticlassClassification.Trainers.Mlp, .Cnn and .Lstm on Fashion-MNIST (a
#   LoadFromEnumerable view, not cached) against the same networks in PyTorch (and, for the MLP, scikit-learn's
#   MLPClassifier): Adam at 0.001, batch 128, 5/2/2 epochs, one training each; seconds per epoch of the whole training,
#   test accuracy and peak memory.
# pipeline-overhead: no peer; Fit through ML.NET's catalog from a data view (cached and not) against NetworkTrainer.Fit
#   on the engine alone with the same arrays, network, loss, optimizer, options and seed (TrainerBench/PipelineOverheadBench.cs):
#   spam (text file + transforms, 20 epochs, best of 7) and Fashion-MNIST's MLP (LoadFromEnumerable, 2 epochs, best of 3).
# satellite (not in the default list; run-anomaly-bench.sh is the autoencoder's full comparison): AnomalyDetection.Trainers
#   .Autoencoder with its defaults (TrainerBench/SatelliteBench.cs) against the same autoencoder in PyTorch and
#   scikit-learn's IsolationForest.
# The whole default run takes about 5 minutes on a quiet 2-core machine.
# Usage: eng/bench/run-trainer-bench.sh [threads] [benchmarks...]
#        (default: all processors; spam boston fashion-mlp fashion-cnn fashion-lstm pipeline-overhead)
# The peers are Debian's python3-torch and python3-sklearn on OpenBLAS's OpenMP build (libopenblas0-openmp).
set -euo pipefail
cd "$(dirname "$0")/../.."
threads="${1:-$(nproc)}"
shift || true
benchmarks=("${@:-spam boston fashion-mlp fashion-cnn fashion-lstm pipeline-overhead}")
read -r -a benchmarks <<< "${benchmarks[*]}"

bash eng/bench/install-peers.sh python3-torch python3-sklearn libopenblas0-openmp

# The shared datasets sit beside the main checkout; a git worktree finds them through the repository's common directory.
shared=../shared
[ -d "$shared/datasets" ] || shared="$(git rev-parse --path-format=absolute --git-common-dir)/../../shared"
[ -n "${FASHION_MNIST_DIR:-}" ] || [ ! -d "$shared/datasets/fashion-mnist" ] || export FASHION_MNIST_DIR="$shared/datasets/fashion-mnist"
data=artifacts/bench/trainers
[ -f "$data/satellite-test.csv" ] || /usr/bin/python3 eng/bench/peers/trainer_peer.py data "$shared/datasets" "$data"
dotnet build eng/bench/TrainerBench -c Release -v q -nologo --disable-build-servers >&2
dotnet build-server shutdown >/dev/null 2>&1 || true
pin="taskset -c 0-$((threads - 1))"
ours="eng/bench/TrainerBench/bin/Release/net10.0/TrainerBench.dll"
blas="OpenBLAS $(dpkg-query -W -f='${Version}' libopenblas0-openmp 2>/dev/null) (OpenMP build)"
echo "threads=$threads cpu=\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\" load=\"$(cut -d' ' -f1-3 /proc/loadavg)\" dotnet $(dotnet --version) peers=torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), sklearn $(/usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)') on $blas"
for what in "${benchmarks[@]}"; do
  if [ "$what" = pipeline-overhead ]; then
    DOTNET_PROCESSOR_COUNT="$threads" $pin dotnet "$ours" pipeline-overhead "$shared/datasets" 20 7
    continue
  fi
  if [[ "$what" == fashion-* ]]; then
    case "$what" in fashion-mlp) epochs=5; peers=(torch sklearn) ;; *) epochs=2; peers=(torch) ;; esac
    results=$(DOTNET_PROCESSOR_COUNT="$threads" $pin dotnet "$ours" "$what" - "$epochs" 1
      for peer in "${peers[@]}"; do
        LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS="$threads" $pin /usr/bin/python3 eng/bench/peers/trainer_peer.py "$what" "$peer" - "$epochs" 1
      done)
    echo "$results" | awk -v bench="$what" '
      { value[$2 " " $3] = $4; seen[$2] = 1 }
      END {
        for (key in seen) if (key != "ours") {
          printf "%-12s vs %-7s s/epoch: ours %7.3f  %s %7.3f  ratio %.2f   accuracy: ours %.4f  %s %.4f   peak MB: ours %d  %s %d\n", bench, key,
            value["ours seconds_per_epoch"], key, value[key " seconds_per_epoch"], value["ours seconds_per_epoch"] / value[key " seconds_per_epoch"],
            value["ours accuracy"], key, value[key " accuracy"], value["ours peak_memory_mb"], key, value[key " peak_memory_mb"]
        }
      }'
    continue
  fi
  case "$what" in spam) epochs=20 ;; satellite) epochs=10 ;; *) epochs=200 ;; esac
  mine=$(DOTNET_PROCESSOR_COUNT="$threads" $pin dotnet "$ours" "$what" "$data" "$epochs" 3)
  peers=$(for peer in torch sklearn; do
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS="$threads" $pin /usr/bin/python3 eng/bench/peers/trainer_peer.py "$what" "$peer" "$data" "$epochs" 3
  done)
  echo "$mine"$'\n'"$peers" | awk -v bench="$what" '
    { value[$2 " " $3] = $4; if ($3 != "seconds") metric = $3 }
    END {
      printf "%-7s seconds: ours %7.3f  torch %7.3f  sklearn %7.3f   ours/torch %.2f  ours/sklearn %.2f\n", bench,
        value["ours seconds"], value["torch seconds"], value["sklearn seconds"], value["ours seconds"] / value["torch seconds"], value["ours seconds"] / value["sklearn seconds"]
      printf "%-7s %-8s ours %7.4f  torch %7.4f  sklearn %7.4f\n", bench, metric ":", value["ours " metric], value["torch " metric], value["sklearn " metric]
    }'
done
