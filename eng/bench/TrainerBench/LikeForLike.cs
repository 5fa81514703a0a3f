using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Trainers;

namespace TrainerBench;

/// <summary>
/// Sets every training option the comparisons rely on, so that a change of the trainers' defaults cannot change what is
/// compared: the epochs, batch size and seed given; Adam at 0.001 (ε 1e-7, the engine's Adam default, as the peers
/// set it) with no schedule, weight decay, weight penalty or gradient clipping; shuffled every epoch; no validation
/// rows, early stopping, plateau or checkpoint, so every epoch runs; stop on NaN; no class weights; the regression
/// label trained as it is (the peers do not standardize it); <see cref="Environment.ProcessorCount"/> threads (the
/// script pins each side to the same processors and sets <c>DOTNET_PROCESSOR_COUNT</c>).
/// </summary>
internal static class LikeForLike
{
    /// <summary>The learning rate of every side.</summary>
    public const float LearningRate = 1e-3f;

    /// <summary>Sets <paramref name="options"/>' training loop, update rule and loss; returns them.</summary>
    public static T Apply<T>(T options, Loss loss, int epochs, int batchSize, int seed)
        where T : NeuralNetworkOptions
    {
        options.Loss = loss;
        options.Epochs = epochs;
        options.BatchSize = batchSize;
        options.Seed = seed;
        options.Shuffle = true;
        options.Optimizer = NeuralOptimizer.Adam;
        options.LearningRate = LearningRate;
        options.LearningRateSchedule = null;
        options.WeightDecay = 0f;
        options.L1Regularization = 0f;
        options.L2Regularization = 0f;
        options.GradientClipNorm = 0f;
        options.ValidationFraction = 0f;
        options.EarlyStopping = null;
        options.ReduceLearningRateOnPlateau = null;
        options.CheckpointPath = null;
        options.StopOnNaN = true;
        options.ClassWeights = null;
        options.StandardizeLabel = false;
        options.NumberOfThreads = Environment.ProcessorCount;
        return options;
    }

    /// <summary>MLP options: <paramref name="hiddenLayers"/> of ReLU units, no dropout or batch normalization, and
    /// <see cref="Apply"/>'s training.</summary>
    public static MlpOptions Mlp(int[] hiddenLayers, Loss loss, int epochs, int batchSize, int seed) =>
        Apply(new MlpOptions { HiddenLayers = hiddenLayers, Activation = ActivationFunction.ReLU, DropoutRate = 0f, BatchNormalization = false }, loss, epochs, batchSize, seed);

    /// <summary>The engine's loop settings that <paramref name="options"/> describe (as the trainers hand them to the
    /// engine), for the same network trained on the engine alone.</summary>
    public static TrainingOptions EngineOptions(NetworkTrainingOptions options) => new()
    {
        Epochs = options.Epochs,
        BatchSize = options.BatchSize,
        Shuffle = options.Shuffle,
        Seed = options.Seed ?? throw new ArgumentException("The comparison needs a seed.", nameof(options)),
        ValidationFraction = options.ValidationFraction,
        EarlyStopping = options.EarlyStopping,
        ReduceLearningRateOnPlateau = options.ReduceLearningRateOnPlateau,
        CheckpointPath = options.CheckpointPath,
        StopOnNaN = options.StopOnNaN,
        NumberOfThreads = options.NumberOfThreads,
        Progress = options.Progress,
    };

    /// <summary>The Adam optimizer that <paramref name="options"/> describe, for the same network trained on the engine alone.</summary>
    public static Adam EngineOptimizer(NetworkTrainingOptions options) => options.Optimizer == NeuralOptimizer.Adam
        ? new(options.LearningRate) { WeightDecay = options.WeightDecay, Schedule = options.LearningRateSchedule, GlobalClipNorm = options.GradientClipNorm }
        : throw new ArgumentException($"The comparison trains with Adam; the options name {options.Optimizer}.", nameof(options));
}
