namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>What a search reports as it runs (through <see cref="ModelSearchExperiment.Run"/>'s progress receiver).</summary>
/// <param name="Stage">What happened.</param>
/// <param name="Trial">The trial that started or ended, or null for the other stages.</param>
/// <param name="Best">The best completed full-data trial so far, or null.</param>
/// <param name="Elapsed">The time since the search started.</param>
/// <param name="Budget">The search's training time.</param>
public sealed record ModelSearchProgress(ModelSearchStage Stage, ModelSearchTrial? Trial, ModelSearchTrial? Best, TimeSpan Elapsed, TimeSpan Budget);
