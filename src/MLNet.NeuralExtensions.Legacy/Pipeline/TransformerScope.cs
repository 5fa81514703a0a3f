namespace MLNet.NeuralExtensions.Data;

/// <summary>When a step of a transformer chain applies.</summary>
[Flags]
public enum TransformerScope
{
    /// <summary>Never.</summary>
    None = 0,

    /// <summary>While the pipeline is being fitted.</summary>
    Training = 1,

    /// <summary>While a fitted pipeline is evaluated on labelled data.</summary>
    Testing = 2,

    /// <summary>While a fitted pipeline scores new data.</summary>
    Scoring = 4,

    /// <summary>Training and testing.</summary>
    TrainTest = Training | Testing,

    /// <summary>Always (the default).</summary>
    Everything = Training | Testing | Scoring,
}
