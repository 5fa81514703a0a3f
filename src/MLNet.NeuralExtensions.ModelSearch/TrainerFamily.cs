namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>The trainers a search races.</summary>
public enum TrainerFamily
{
    /// <summary>This package's multilayer perceptron (binary, multiclass, regression).</summary>
    Mlp,

    /// <summary>ML.NET's FastTree (one-versus-all for multiclass).</summary>
    FastTree,

    /// <summary>ML.NET's LightGbm.</summary>
    LightGbm,

    /// <summary>ML.NET's linear trainers: L-BFGS logistic regression or maximum entropy, SDCA least squares for regression.</summary>
    Linear,

    /// <summary>This package's voting or stacking of the best candidates of other families.</summary>
    Ensemble,

    /// <summary>This package's autoencoder anomaly detector.</summary>
    Autoencoder,

    /// <summary>ML.NET's randomized PCA anomaly detector.</summary>
    RandomizedPca,

    /// <summary>This package's self-organizing map, its nodes merged into clusters.</summary>
    Som,

    /// <summary>ML.NET's k-means.</summary>
    KMeans,
}
