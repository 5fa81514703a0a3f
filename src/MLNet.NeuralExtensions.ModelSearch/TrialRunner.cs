using System.Diagnostics;
using Microsoft.ML;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>Runs one candidate on every fold at a share of the training rows and averages ML.NET's metrics.</summary>
internal sealed class TrialRunner(DatasetAnalysis analysis, IReadOnlyList<EvaluationFold> folds, float[]? classWeights)
{
    private readonly bool _hasLabel = analysis.LabelColumnName is not null;

    /// <summary>Fits the featurization and the candidate on the first <paramref name="fraction"/> of each fold's training
    /// rows and scores the fold's held-out rows, stopping at <paramref name="cancellation"/>.</summary>
    public ModelSearchTrial Run(int number, TrialCandidate candidate, double fraction, int seed, CancellationToken cancellation)
    {
        var trial = new ModelSearchTrial(number, candidate.Family, candidate.Description, candidate.Imbalance, fraction);
        var clock = Stopwatch.StartNew();
        var metrics = new List<Dictionary<string, double>>();
        try
        {
            foreach (EvaluationFold fold in folds)
            {
                var ml = new MLContext(seed);
                using CancellationTokenRegistration link = ExecutionCancellation.Link(ml, cancellation);
                cancellation.ThrowIfCancellationRequested();
                IDataView train = fraction < 1 ? ml.Data.TakeRows(fold.Train, (long)Math.Ceiling(fraction * fold.TrainRows)) : fold.Train;
                ITransformer model = Fit(ml, candidate, train, seed, cancellation);
                cancellation.ThrowIfCancellationRequested();
                metrics.Add(SearchMetric.Evaluate(ml, analysis.Task, model.Transform(fold.Test), _hasLabel));
                trial.Model = model;
                trial.HeldOutData = fold.Test;
            }
            trial.Metrics = metrics[0].Keys.ToDictionary(k => k, k => metrics.Average(m => m[k]));
        }
        catch (Exception e) when (ExecutionCancellation.IsCancellation(e) || cancellation.IsCancellationRequested)
        {
            trial.Status = TrialStatus.Cancelled;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidDataException or ArithmeticException or AggregateException)
        {
            trial.Status = TrialStatus.Failed;
            trial.Error = e.Message;
        }
        if (trial.Status != TrialStatus.Completed)
        {
            trial.Model = null;
            trial.HeldOutData = null;
        }
        trial.Duration = clock.Elapsed;
        return trial;
    }

    /// <summary>Fits the featurization and <paramref name="candidate"/> on <paramref name="train"/> in
    /// <paramref name="ml"/> (whose execution the caller links to <paramref name="cancellation"/>).</summary>
    public ITransformer Fit(MLContext ml, TrialCandidate candidate, IDataView train, int seed, CancellationToken cancellation)
    {
        long smallest = candidate.Imbalance == ImbalanceTreatment.Smote ? LabelPreparation.SmallestClassRows(train) : 0;
        var context = new TrialContext(ml, classWeights, seed, smallest, cancellation);
        return Featurization.Create(ml, analysis).Estimator.Append(candidate.CreateEstimator(context)).Fit(train);
    }

    /// <summary>The training rows a trial at <paramref name="fraction"/> reads over all folds.</summary>
    public double RowsRead(double fraction) => folds.Sum(f => Math.Ceiling(fraction * f.TrainRows));
}
