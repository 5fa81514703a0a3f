using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>
/// A Model Builder-style experiment: infers a CSV's columns, featurizes them with ML.NET's transforms, and races this
/// package's networks (and their ensembles) against ML.NET's FastTree, LightGbm and linear trainers within
/// <see cref="ModelSearchSettings.TrainingTime"/>, comparing every trial by cross-validation, a held-out share or a
/// validation file. Each family's defaults run first, then successive halving over random candidates
/// (<see cref="HalvingSearch"/>); the best pipeline is then trained on every row. Progress is reported as trials start
/// and end; cancelling keeps the best model so far.
/// </summary>
public sealed class ModelSearchExperiment
{
    private readonly MLContext _ml;
    private readonly ModelSearchSettings _settings;

    /// <summary>An experiment in <paramref name="ml"/>.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="settings">The settings; validated here.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    public ModelSearchExperiment(MLContext ml, ModelSearchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _ml = ml;
        _settings = settings;
    }

    /// <summary>Searches on <paramref name="datasetPath"/>.</summary>
    /// <param name="datasetPath">The training data: a delimited text file with a header line.</param>
    /// <param name="validationDatasetPath">A file with the same columns to compare trials on instead of
    /// cross-validation, or null (default).</param>
    /// <param name="progress">Receives a report when a trial starts and ends, on the search's thread; null (default)
    /// for none.</param>
    /// <param name="cancellation">Stops the search, keeping the best model so far.</param>
    /// <returns>The trials and the model.</returns>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file or its label does not suit the task (see
    /// <see cref="DatasetInference.Analyze"/>), or the validation file lacks a column.</exception>
    /// <exception cref="TimeoutException">No trial completed within the training time.</exception>
    /// <exception cref="InvalidOperationException">Every trial failed; the message gives the first trainer's error.</exception>
    public ModelSearchResult Run(string datasetPath, string? validationDatasetPath = null, IProgress<ModelSearchProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        DatasetAnalysis analysis = DatasetInference.Analyze(_ml, datasetPath, _settings.Task, _settings.LabelColumnName, _settings.IgnoreColumns);
        IDataView loaded = analysis.Load(_ml);
        IDataView rows = _ml.Data.Cache(_ml.Data.ShuffleRows(_ml.Data.Cache(LabelPreparation.Apply(_ml, analysis, loaded)), _settings.Seed));
        long count = Count(rows);
        if (count == 0)
        {
            throw new InvalidDataException($"The dataset '{datasetPath}' has no row with a label in '{analysis.LabelColumnName}'.");
        }
        (IReadOnlyList<EvaluationFold> folds, bool refit) = Folds(analysis, rows, validationDatasetPath);
        (IEstimator<ITransformer> featurizer, IReadOnlyList<string> steps) = Featurization.Create(_ml, analysis);
        ITransformer featurized = featurizer.Fit(rows);
        int features = ((VectorDataViewType)featurized.GetOutputSchema(rows.Schema)[Featurization.FeatureColumnName].Type).Size;
        float[]? weights = analysis.Task is ModelSearchTask.BinaryClassification or ModelSearchTask.MulticlassClassification ? ClassWeights.Balanced(rows, LabelPreparation.LabelColumnName) : null;
        bool imbalanced = weights is not null && 1.0 / (weights.Count(w => w > 0) * weights.Max()) < _settings.ImbalanceThreshold;
        int clusters = analysis.Task == ModelSearchTask.Clustering ? analysis.Classes.Count : 0;
        var space = new SearchSpace(analysis.Task, imbalanced, clusters, features, _settings.Seed);
        var runner = new TrialRunner(analysis, folds, weights);
        TimeSpan Reserve(ModelSearchTrial? best) => refit && _settings.RefitOnAllRows && best is not null
            ? best.Duration * (count / runner.RowsRead(1.0)) * 1.15
            : TimeSpan.Zero;
        var search = new HalvingSearch(runner, space, _settings, clock, Reserve, progress, folds.Min(f => f.TrainRows), cancellation);
        search.Run();
        ModelSearchTrial best = search.Best ?? throw NoTrialCompleted(search.Trials);
        (ITransformer scoring, bool onAllRows) = Final(runner, search.CandidateOf(best), best, rows, refit, clock, progress, cancellation);
        ITransformer model = scoring;
        if (analysis.Task == ModelSearchTask.MulticlassClassification)
        {
            model = new TransformerChain<ITransformer>(scoring).Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(scoring.Transform(rows)));
        }
        progress?.Report(new ModelSearchProgress(ModelSearchStage.Finished, null, best, clock.Elapsed, _settings.TrainingTime));
        return new ModelSearchResult(analysis, _settings, steps, search.Trials, best, model, scoring, loaded.Schema, onAllRows, clock.Elapsed, cancellation.IsCancellationRequested);
    }

    private Exception NoTrialCompleted(IReadOnlyList<ModelSearchTrial> trials)
    {
        ModelSearchTrial? failed = trials.FirstOrDefault(t => t.Status == TrialStatus.Failed);
        return failed is not null && trials.All(t => t.Status == TrialStatus.Failed)
            ? new InvalidOperationException($"Every trial failed ({trials.Count}); the first, {failed.Family} with {failed.Settings}: {failed.Error}")
            : new TimeoutException($"No trial completed within the training time of {_settings.TrainingTime.TotalSeconds:0.#} s ({trials.Count} started{(failed is null ? "" : $"; {failed.Family} failed: {failed.Error}")}); give the search more time.");
    }

    private (IReadOnlyList<EvaluationFold> Folds, bool Refit) Folds(DatasetAnalysis analysis, IDataView rows, string? validationDatasetPath)
    {
        if (validationDatasetPath is not null)
        {
            (_, string[] names) = DelimitedHeader.Read(validationDatasetPath);
            string[] missing = [.. analysis.Columns.Where(c => c.Role != ColumnRole.Ignored && !names.Contains(c.Name, StringComparer.Ordinal)).Select(c => c.Name)];
            if (missing.Length > 0)
            {
                throw new InvalidDataException($"The validation dataset '{validationDatasetPath}' lacks the column(s) {string.Join(", ", missing)} of '{analysis.Path}'.");
            }
            IDataView validation = _ml.Data.Cache(LabelPreparation.Apply(_ml, analysis, analysis.Load(_ml, validationDatasetPath)));
            return ([new EvaluationFold(rows, Count(rows), validation)], false);
        }
        if (_settings.CrossValidationFolds >= 2)
        {
            return ([.. _ml.Data.CrossValidationSplit(rows, _settings.CrossValidationFolds, seed: _settings.Seed)
                .Select(s => new EvaluationFold(s.TrainSet, Count(s.TrainSet), s.TestSet))], true);
        }
        DataOperationsCatalog.TrainTestData split = _ml.Data.TrainTestSplit(rows, _settings.ValidationFraction, seed: _settings.Seed);
        return ([new EvaluationFold(split.TrainSet, Count(split.TrainSet), split.TestSet)], true);
    }

    /// <summary>The best pipeline trained on every row when asked and in time (at most a tenth past the budget), else the
    /// best trial's model.</summary>
    private (ITransformer Model, bool OnAllRows) Final(TrialRunner runner, TrialCandidate candidate, ModelSearchTrial best, IDataView rows, bool refit,
        Stopwatch clock, IProgress<ModelSearchProgress>? progress, CancellationToken cancellation)
    {
        ITransformer model = best.Model!;
        bool onAllRows = !refit && best.RowFraction >= 1;
        TimeSpan left = _settings.TrainingTime * 1.1 - clock.Elapsed;
        if (refit && _settings.RefitOnAllRows && !cancellation.IsCancellationRequested && left > TimeSpan.Zero)
        {
            progress?.Report(new ModelSearchProgress(ModelSearchStage.Refitting, best, best, clock.Elapsed, _settings.TrainingTime));
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            limit.CancelAfter(left);
            var ml = new MLContext(_settings.Seed);
            using CancellationTokenRegistration link = ExecutionCancellation.Link(ml, limit.Token);
            try
            {
                model = runner.Fit(ml, candidate, rows, _settings.Seed, limit.Token);
                onAllRows = true;
            }
            catch (Exception e) when (ExecutionCancellation.IsCancellation(e) || limit.IsCancellationRequested)
            {
            }
        }
        return (model, onAllRows);
    }

    private static long Count(IDataView view)
    {
        if (view.GetRowCount() is long known)
        {
            return known;
        }
        long n = 0;
        using DataViewRowCursor cursor = view.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            n++;
        }
        return n;
    }
}
