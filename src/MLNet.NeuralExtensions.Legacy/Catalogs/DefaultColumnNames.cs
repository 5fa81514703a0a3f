namespace MLNet.NeuralExtensions;

/// <summary>The column names trainers, scorers and evaluators use by default.</summary>
public static class DefaultColumnNames
{
    /// <summary>"Features".</summary>
    public const string Features = "Features";

    /// <summary>"Label".</summary>
    public const string Label = "Label";

    /// <summary>"Weight".</summary>
    public const string Weight = "Weight";

    /// <summary>"Score".</summary>
    public const string Score = "Score";

    /// <summary>"Probability".</summary>
    public const string Probability = "Probability";

    /// <summary>"PredictedLabel".</summary>
    public const string PredictedLabel = "PredictedLabel";
}
