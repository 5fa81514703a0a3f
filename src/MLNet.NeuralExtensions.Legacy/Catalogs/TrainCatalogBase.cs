using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions;

/// <summary>Base of the task catalogs: cross-validation shared by every task.</summary>
public abstract class TrainCatalogBase
{
    private protected TrainCatalogBase(MLContext context) => Context = context;

    internal MLContext Context { get; }

    /// <summary>Fits on k−1 folds and scores the held-out fold, for every fold.</summary>
    private protected IReadOnlyList<CrossValidationResult<TMetrics>> CrossValidateCore<TMetrics>(IDataView data, IEstimator<ITransformer> estimator, int numberOfFolds, string? samplingKeyColumnName, int? seed, Func<IDataView, TMetrics> evaluate)
        where TMetrics : class
    {
        ArgumentNullException.ThrowIfNull(estimator);
        var folds = Context.Data.CrossValidationSplit(data, numberOfFolds, samplingKeyColumnName, seed);
        return folds.Select((fold, i) =>
        {
            ITransformer model = estimator.Fit(fold.TrainSet);
            IDataView scored = model is TransformerChain<ITransformer> chain ? chain.Transform(fold.TestSet, TransformerScope.Everything) : model.Transform(fold.TestSet);
            return new CrossValidationResult<TMetrics>(model, evaluate(scored), scored, i);
        }).ToArray();
    }

    /// <summary>The outcome of one cross-validation fold.</summary>
    /// <typeparam name="TMetrics">The metrics type of the task.</typeparam>
    public sealed class CrossValidationResult<TMetrics>
        where TMetrics : class
    {
        internal CrossValidationResult(ITransformer model, TMetrics metrics, IDataView scoredHoldOutSet, int fold)
        {
            Model = model;
            Metrics = metrics;
            ScoredHoldOutSet = scoredHoldOutSet;
            Fold = fold;
        }

        /// <summary>Gets the model fitted on the other folds.</summary>
        public ITransformer Model { get; }

        /// <summary>Gets the metrics on the held-out fold.</summary>
        public TMetrics Metrics { get; }

        /// <summary>Gets the held-out fold, scored by <see cref="Model"/>.</summary>
        public IDataView ScoredHoldOutSet { get; }

        /// <summary>Gets the 0-based fold index.</summary>
        public int Fold { get; }
    }
}
