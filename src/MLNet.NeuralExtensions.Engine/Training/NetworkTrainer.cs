using System.Diagnostics;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Trains a <see cref="Sequential"/> network by mini-batch gradient descent, as Keras' fit(): seeded shuffling,
/// validation (a held-out fraction or a given set), per-epoch metrics, early stopping, learning-rate reduction on
/// plateaus, best-only checkpoints, stopping on NaN, progress reports and cancellation. The same seed on the same
/// machine gives bit-identical weights.
/// </summary>
public static class NetworkTrainer
{
    /// <summary>Trains <paramref name="network"/> (building it first for the data's feature shape if needed).</summary>
    /// <param name="network">The network; trained in place.</param>
    /// <param name="loss">The objective.</param>
    /// <param name="optimizer">The update rule; it keeps its state, so pass a new one per network.</param>
    /// <param name="training">The training examples.</param>
    /// <param name="options">How to train; null for the defaults of <see cref="TrainingOptions"/>.</param>
    /// <param name="validation">Examples to validate on after every epoch; overrides <see cref="TrainingOptions.ValidationFraction"/>.</param>
    /// <param name="stratificationLabels">Class of each training example, to hold out a validation fraction per class; null for a plain random split.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The metrics of every epoch and how training ended.</returns>
    /// <exception cref="ArgumentException">The data does not fit the network or the loss; the message gives both shapes.</exception>
    /// <exception cref="OperationCanceledException">Training was cancelled.</exception>
    public static TrainingHistory Fit(Sequential network, Loss loss, Optimizer optimizer, TrainingData training, TrainingOptions? options = null,
        TrainingData? validation = null, IReadOnlyList<int>? stratificationLabels = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(training);
        options ??= new TrainingOptions();
        options.Validate();
        if (!network.IsBuilt)
        {
            network.Build(training.FeatureShape, options.Seed);
        }

        CheckFits(network, loss, training, "training");
        if (options.AdversarialTraining is not null && (training.SequenceLengths is not null || network.Layers[0] is Embedding))
        {
            throw new ArgumentException("AdversarialTraining needs inputs an attack can move: not sequences of varying length, nor token indices into an Embedding.", nameof(options));
        }

        if (validation is null && options.ValidationFraction > 0f)
        {
            (training, validation) = ValidationSplit.Split(training, options.ValidationFraction, stratificationLabels, options.Seed);
        }

        if (validation is not null)
        {
            CheckFits(network, loss, validation, "validation");
        }

        return new TrainingRun(network, loss, optimizer, options, training, validation, cancellationToken).Run();
    }

    private static void CheckFits(Sequential network, Loss loss, TrainingData data, string which)
    {
        if (data.FeatureShape != network.InputShape)
        {
            throw new ArgumentException($"The {which} features have shape {data.FeatureShape}; the network takes {network.InputShape}.", nameof(data));
        }

        int expected = loss.TargetSize(network.OutputShape.Size);
        if (data.TargetSize != expected)
        {
            throw new ArgumentException($"{loss.Name} needs {expected} target value(s) per example for the network's output {network.OutputShape}; the {which} data has {data.TargetSize}.", nameof(data));
        }

        if (data.Count == 0)
        {
            throw new ArgumentException($"The {which} data has no examples.", nameof(data));
        }

        if (data.SequenceLengths is not null && !network.TakesSequenceLengths)
        {
            throw new ArgumentException($"The {which} data has sequence lengths, which this network cannot take: it needs layers that work step by step up to a recurrent layer that returns its last state.", nameof(data));
        }
    }

    /// <summary>The state of one call to Fit: reusable batch buffers, trackers and the clock.</summary>
    private sealed class TrainingRun(Sequential network, Loss loss, Optimizer optimizer, TrainingOptions options, TrainingData training, TrainingData? validation, CancellationToken cancellationToken)
    {
        private readonly RunContext _context = new(true, new Random(options.Seed + 1), options.NumberOfThreads ?? Environment.ProcessorCount);
        private readonly int _batchSize = Math.Min(options.BatchSize, training.Count);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<EpochMetrics> _epochs = [];
        private Tensor? _features;
        private Tensor? _gradient;
        private float[] _targets = [];
        private float[] _weights = [];
        private int[] _lengths = [];
        private float[] _adversarial = [];

        public TrainingHistory Run()
        {
            var shuffle = new Random(options.Seed);
            int[] order = Enumerable.Range(0, training.Count).ToArray();
            MonitorTracker? plateau = options.ReduceLearningRateOnPlateau is { } rp ? new(rp.Monitor, rp.MinDelta) : null;
            var best = new MonitorTracker(options.EarlyStopping?.Monitor ?? MonitoredMetric.ValidationLoss, options.EarlyStopping?.MinDelta ?? 0f);
            float[][]? bestWeights = null;
            int cooldown = 0;
            bool stoppedEarly = false, stoppedOnNaN = false;
            for (int epoch = 1; epoch <= options.Epochs && !stoppedEarly && !stoppedOnNaN; epoch++)
            {
                if (options.Shuffle)
                {
                    shuffle.Shuffle(order);
                }

                long epochStart = Stopwatch.GetTimestamp();
                (double trainLoss, double trainAccuracy) = TrainEpoch(epoch, order);
                stoppedOnNaN = options.StopOnNaN && !double.IsFinite(trainLoss);
                (double validationLoss, double validationAccuracy) = validation is null || stoppedOnNaN ? (double.NaN, double.NaN) : Evaluate(validation);
                var metrics = new EpochMetrics(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, optimizer.CurrentLearningRate, Stopwatch.GetElapsedTime(epochStart));
                _epochs.Add(metrics);
                Report(epoch, Batches, trainLoss, validationLoss, isEpochEnd: true);
                if (stoppedOnNaN)
                {
                    break;
                }

                bool improved = best.Record(metrics);
                if (improved)
                {
                    if (options.EarlyStopping?.RestoreBestWeights == true)
                    {
                        bestWeights = CopyWeights(bestWeights);
                    }

                    if (options.CheckpointPath is { } path)
                    {
                        Checkpoint.Write(network, path);
                    }
                }

                if (options.EarlyStopping is { } es && !improved && best.EpochsWithoutImprovement >= es.Patience && epoch > 1)
                {
                    stoppedEarly = epoch < options.Epochs;
                }

                if (plateau is not null)
                {
                    ReduceOnPlateau(plateau, metrics, ref cooldown);
                }
            }

            if (bestWeights is not null)
            {
                int i = 0;
                foreach (Parameter p in network.Parameters)
                {
                    bestWeights[i++].CopyTo(p.Value.Span);
                }
            }

            return new TrainingHistory(_epochs, best.BestEpoch, stoppedEarly, stoppedOnNaN);
        }

        private int Batches => (training.Count + _batchSize - 1) / _batchSize;

        private (double Loss, double Accuracy) TrainEpoch(int epoch, int[] order)
        {
            _context.Training = true;
            double lossSum = 0;
            int seen = 0, correct = 0;
            bool classification = true;
            for (int batch = 0; batch < Batches; batch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int start = batch * _batchSize;
                int count = Math.Min(_batchSize, training.Count - start);
                Gather(training, order.AsSpan(start, count));
                if (options.AdversarialTraining is { } adversarial)
                {
                    ReplaceByAdversarial(adversarial, count);
                }

                Tensor output = network.Forward(_features!, _context);
                Tensor gradient = Tensor.Ensure(ref _gradient, output.Shape);
                ReadOnlySpan<float> targets = _targets.AsSpan(0, count * training.TargetSize);
                ReadOnlySpan<float> weights = training.Weights is null ? default : _weights.AsSpan(0, count);
                double batchLoss = loss.Compute(output.Span, targets, weights, count, gradient.Span);
                classification &= CountCorrect(output.Span, targets, count, training.TargetSize, ref correct);
                network.Backward(gradient, _context);
                batchLoss += Regularize();
                optimizer.Step(network.Parameters, _context.MaxThreads);
                lossSum += batchLoss * count;
                seen += count;
                if (options.StopOnNaN && !double.IsFinite(batchLoss))
                {
                    return (double.NaN, double.NaN);
                }

                Report(epoch, batch + 1, lossSum / seen, double.NaN, isEpochEnd: false);
            }

            return (lossSum / seen, classification ? correct / (double)seen : double.NaN);
        }

        private (double Loss, double Accuracy) Evaluate(TrainingData data)
        {
            _context.Training = false;
            double lossSum = 0;
            int correct = 0;
            bool classification = true;
            int[] rows = Enumerable.Range(0, Math.Min(_batchSize, data.Count)).ToArray();
            for (int start = 0; start < data.Count; start += _batchSize)
            {
                int count = Math.Min(_batchSize, data.Count - start);
                for (int i = 0; i < count; i++)
                {
                    rows[i] = start + i;
                }

                Gather(data, rows.AsSpan(0, count));
                Tensor output = network.Forward(_features!, _context);
                Tensor gradient = Tensor.Ensure(ref _gradient, output.Shape);
                ReadOnlySpan<float> targets = _targets.AsSpan(0, count * data.TargetSize);
                lossSum += loss.Compute(output.Span, targets, data.Weights is null ? default : _weights.AsSpan(0, count), count, gradient.Span) * count;
                classification &= CountCorrect(output.Span, targets, count, data.TargetSize, ref correct);
            }

            return (lossSum / data.Count, classification ? correct / (double)data.Count : double.NaN);
        }

        private bool CountCorrect(ReadOnlySpan<float> output, ReadOnlySpan<float> targets, int count, int targetSize, ref int correct)
        {
            int outputSize = output.Length / count;
            for (int i = 0; i < count; i++)
            {
                bool? hit = loss.IsCorrect(output.Slice(i * outputSize, outputSize), targets.Slice(i * targetSize, targetSize));
                if (hit is null)
                {
                    return false;
                }

                correct += hit.Value ? 1 : 0;
            }

            return true;
        }

        // Replaces the first examples of the gathered batch (a random subset, the batch being shuffled) by their
        // adversarial examples against the network as it stands.
        private void ReplaceByAdversarial(AdversarialTraining adversarial, int count)
        {
            int replaced = adversarial.Replaced(count), size = training.FeatureShape.Size;
            Span<float> clean = _features!.Span[..(replaced * size)];
            if (_adversarial.Length < clean.Length)
            {
                _adversarial = new float[_batchSize * size];
            }

            Span<float> examples = _adversarial.AsSpan(0, clean.Length);
            adversarial.Attack.Perturb(network, loss, clean, _targets.AsSpan(0, replaced * training.TargetSize), replaced, examples);
            examples.CopyTo(clean);
        }

        private void Gather(TrainingData data, ReadOnlySpan<int> rows)
        {
            int size = data.FeatureShape.Size;
            Tensor features = Tensor.EnsureBatch(ref _features, rows.Length, data.FeatureShape);
            if (_targets.Length < _batchSize * data.TargetSize)
            {
                _targets = new float[_batchSize * data.TargetSize];
                _weights = new float[_batchSize];
                _lengths = new int[_batchSize];
            }

            _context.SequenceLengths = data.SequenceLengths is null ? null : _lengths;

            Span<float> x = features.Span;
            for (int i = 0; i < rows.Length; i++)
            {
                int row = rows[i];
                data.Features.AsSpan(row * size, size).CopyTo(x.Slice(i * size, size));
                data.Targets.AsSpan(row * data.TargetSize, data.TargetSize).CopyTo(_targets.AsSpan(i * data.TargetSize));
                if (data.Weights is not null)
                {
                    _weights[i] = data.Weights[row];
                }

                if (data.SequenceLengths is not null)
                {
                    _lengths[i] = data.SequenceLengths[row];
                }
            }
        }

        private double Regularize()
        {
            double penalty = 0;
            IReadOnlyList<Parameter> parameters = network.Parameters;
            for (int i = 0; i < parameters.Count; i++)
            {
                Parameter p = parameters[i];
                if (p.Regularization is { } r && p.IsTrainable)
                {
                    penalty += r.Apply(p.Value.Span, p.Gradient.Span);
                }
            }

            return penalty;
        }

        private void ReduceOnPlateau(MonitorTracker tracker, EpochMetrics metrics, ref int cooldown)
        {
            ReduceLearningRateOnPlateau settings = options.ReduceLearningRateOnPlateau!;
            bool inCooldown = cooldown > 0;
            if (inCooldown)
            {
                cooldown--;
            }

            if (tracker.Record(metrics) || inCooldown)
            {
                tracker.EpochsWithoutImprovement = 0;
                return;
            }

            if (tracker.EpochsWithoutImprovement >= settings.Patience)
            {
                float current = optimizer.CurrentLearningRate;
                if (current > settings.MinLearningRate)
                {
                    float reduced = Math.Max(current * settings.Factor, settings.MinLearningRate);
                    optimizer.LearningRateFactor *= reduced / current;
                    cooldown = settings.Cooldown;
                }

                tracker.EpochsWithoutImprovement = 0;
            }
        }

        private float[][] CopyWeights(float[][]? into)
        {
            Parameter[] parameters = network.Parameters.ToArray();
            into ??= parameters.Select(p => new float[p.Value.Length]).ToArray();
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value.Span.CopyTo(into[i]);
            }

            return into;
        }

        private void Report(int epoch, int batch, double trainLoss, double validationLoss, bool isEpochEnd)
        {
            if (options.Progress is not { } progress)
            {
                return;
            }

            TimeSpan elapsed = _clock.Elapsed;
            double done = (epoch - 1) + (batch / (double)Batches);
            TimeSpan remaining = done > 0 ? elapsed * ((options.Epochs - done) / done) : TimeSpan.Zero;
            progress.Report(new TrainingProgress(epoch, options.Epochs, batch, Batches, trainLoss, validationLoss, optimizer.CurrentLearningRate, elapsed, remaining, isEpochEnd));
        }
    }
}
