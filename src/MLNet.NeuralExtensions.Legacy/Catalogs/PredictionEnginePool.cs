using System.Collections.Concurrent;

namespace MLNet.NeuralExtensions;

/// <summary>A thread-safe pool of prediction engines over one model: each call rents an engine, predicts and returns it.</summary>
/// <typeparam name="TSrc">The input class.</typeparam>
/// <typeparam name="TDst">The output class.</typeparam>
public sealed class PredictionEnginePool<TSrc, TDst>
    where TSrc : class
    where TDst : class, new()
{
    private readonly ITransformer _model;
    private readonly ConcurrentBag<PredictionEngine<TSrc, TDst>> _engines = [];

    internal PredictionEnginePool(ITransformer model)
    {
        _model = model;
        _engines.Add(new PredictionEngine<TSrc, TDst>(model));
    }

    /// <summary>Predicts for one example; safe to call from many threads at once.</summary>
    /// <param name="example">The input.</param>
    /// <returns>A new output object.</returns>
    public TDst Predict(TSrc example)
    {
        PredictionEngine<TSrc, TDst> engine = _engines.TryTake(out var e) ? e : new PredictionEngine<TSrc, TDst>(_model);
        try
        {
            return engine.Predict(example);
        }
        finally
        {
            _engines.Add(engine);
        }
    }
}
