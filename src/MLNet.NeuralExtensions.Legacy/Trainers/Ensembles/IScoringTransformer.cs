namespace MLNet.NeuralExtensions.Trainers;

/// <summary>A prediction transformer whose outputs come from one <see cref="IScoringModel"/> over one feature column:
/// what an ensemble can hold as a member or a meta-model.</summary>
internal interface IScoringTransformer : ITransformer
{
    /// <summary>The model's raw outputs.</summary>
    IScoringModel Scoring { get; }

    /// <summary>The feature column the model reads.</summary>
    string FeatureColumnName { get; }
}
