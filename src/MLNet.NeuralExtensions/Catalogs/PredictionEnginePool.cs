using System.Collections.Concurrent;
using Microsoft.ML;

namespace MLNet.NeuralExtensions;

/// <summary>
/// A thread-safe pool of ML.NET prediction engines over one model: each call rents an engine (making one when all are
/// in use), predicts and returns it. ML.NET's <see cref="PredictionEngine{TSrc, TDst}"/> is not thread-safe, and
/// Microsoft.Extensions.ML, which holds ML.NET's own pool, is a separate package; this is the same idea without the
/// dependency-injection parts. Made by <c>mlContext.Model.CreatePredictionEnginePool</c>.
/// </summary>
/// <typeparam name="TSrc">The input class.</typeparam>
/// <typeparam name="TDst">The output class.</typeparam>
public sealed class PredictionEnginePool<TSrc, TDst> : IDisposable
    where TSrc : class
    where TDst : class, new()
{
    private readonly Func<PredictionEngine<TSrc, TDst>> _create;
    private readonly ConcurrentBag<PredictionEngine<TSrc, TDst>> _engines = [];
    private bool _disposed;

    internal PredictionEnginePool(Func<PredictionEngine<TSrc, TDst>> create)
    {
        _create = create;
        _engines.Add(create());
    }

    /// <summary>Predicts for one example; safe to call from many threads at once.</summary>
    /// <param name="example">The input.</param>
    /// <returns>A new output object.</returns>
    /// <exception cref="ObjectDisposedException">The pool is disposed.</exception>
    public TDst Predict(TSrc example)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        PredictionEngine<TSrc, TDst> engine = _engines.TryTake(out var e) ? e : _create();
        try
        {
            return engine.Predict(example);
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    /// <summary>Disposes the pooled engines (the model itself is not disposed).</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_engines.TryTake(out var engine))
        {
            engine.Dispose();
        }
    }
}
