using System.Diagnostics;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>
/// The search loop: each family's defaults on all rows, then brackets of successive halving over random candidates —
/// factor^(r−1) candidates on 1/factor^(r−1) of the rows, the best 1/factor of them on factor times the rows, and so on
/// up to all rows, where r is the number of rungs the data allows (the lowest rung keeps at least
/// <see cref="ModelSearchSettings.MinimumTrialRows"/> rows a fold, at most three rungs). Once 40 % of the budget has gone, the
/// best candidates of the best families of a supervised task are voted and stacked. A trial is not started when
/// the time its family took per row says it would not end before the deadline, and one still running at the deadline is
/// stopped.
/// </summary>
internal sealed class HalvingSearch
{
    private const int MostSkipsInARow = 12;

    private readonly TrialRunner _runner;
    private readonly SearchSpace _space;
    private readonly ModelSearchSettings _settings;
    private readonly Stopwatch _clock;
    private readonly Func<ModelSearchTrial?, TimeSpan> _reserve;
    private readonly IProgress<ModelSearchProgress>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly long _trainRowsPerFold;
    private readonly List<ModelSearchTrial> _trials = [];
    private readonly Dictionary<ModelSearchTrial, TrialCandidate> _candidates = [];
    private readonly Dictionary<TrainerFamily, double> _secondsPerRow = [];
    private readonly HashSet<(TrainerFamily, string, double)> _tried = [];
    private bool _ensemblesTried;
    private bool _stopped;
    private int _skips;

    /// <summary>A search over <paramref name="space"/>; <paramref name="reserve"/> gives the time kept for the final
    /// training given the best trial so far.</summary>
    public HalvingSearch(TrialRunner runner, SearchSpace space, ModelSearchSettings settings, Stopwatch clock, Func<ModelSearchTrial?, TimeSpan> reserve,
        IProgress<ModelSearchProgress>? progress, long trainRowsPerFold, CancellationToken cancellation)
    {
        _runner = runner;
        _space = space;
        _settings = settings;
        _clock = clock;
        _reserve = reserve;
        _progress = progress;
        _cancellation = cancellation;
        _trainRowsPerFold = trainRowsPerFold;
    }

    /// <summary>Every trial, in the order they started.</summary>
    public IReadOnlyList<ModelSearchTrial> Trials => _trials;

    /// <summary>The best completed trial on all rows, else on fewer, else null.</summary>
    public ModelSearchTrial? Best => ModelSearchResult.Rank(_trials, _settings.Metric).FirstOrDefault(t => t.Status == TrialStatus.Completed);

    /// <summary>Runs trials until the deadline, the user's cancellation, or a stretch of candidates too slow for the time
    /// left.</summary>
    public void Run()
    {
        foreach (TrialCandidate candidate in _space.Defaults())
        {
            Try(candidate, 1.0);
        }
        double[] fractions = Fractions();
        while (!_stopped)
        {
            List<TrialCandidate> rung = [.. Enumerable.Range(0, (int)Math.Pow(_settings.HalvingFactor, fractions.Length - 1)).Select(_ => Fresh())];
            for (int i = 0; i < fractions.Length && rung.Count > 0 && !_stopped; i++)
            {
                var ended = rung.Select(c => (Candidate: c, Trial: Try(c, fractions[i]))).ToList();
                int keep = (int)Math.Ceiling(rung.Count / (double)_settings.HalvingFactor);
                rung = [.. ended.Where(e => e.Trial?.Status == TrialStatus.Completed)
                    .OrderBy(e => (SearchMetric.IsHigherBetter(_settings.Metric) ? -1 : 1) * e.Trial!.Metric(_settings.Metric))
                    .Take(keep).Select(e => e.Candidate)];
            }
            if (!_ensemblesTried && !_stopped && _settings.Task is ModelSearchTask.BinaryClassification or ModelSearchTask.MulticlassClassification or ModelSearchTask.Regression)
            {
                TryEnsembles();
            }
        }
    }

    /// <summary>A random candidate not tried yet, when one turns up in a few draws.</summary>
    private TrialCandidate Fresh()
    {
        TrialCandidate candidate = _space.Sample();
        for (int i = 0; i < 20 && _tried.Any(t => t.Item1 == candidate.Family && t.Item2 == candidate.Description); i++)
        {
            candidate = _space.Sample();
        }
        return candidate;
    }

    /// <summary>The rungs' row fractions, lowest first, ending with 1.</summary>
    private double[] Fractions()
    {
        int factor = _settings.HalvingFactor;
        int rungs = 1;
        while (rungs < 3 && _trainRowsPerFold / Math.Pow(factor, rungs) >= _settings.MinimumTrialRows)
        {
            rungs++;
        }
        return [.. Enumerable.Range(0, rungs).Select(i => 1.0 / Math.Pow(factor, rungs - 1 - i))];
    }

    private void TryEnsembles()
    {
        if (_clock.Elapsed < _settings.TrainingTime * 0.4)
        {
            return;
        }
        _ensemblesTried = true;
        TrialCandidate[] members = [.. ModelSearchResult.Rank(_trials.Where(t => t.RowFraction >= 1 && t.Family != TrainerFamily.Ensemble && t.Imbalance != ImbalanceTreatment.Smote), _settings.Metric)
            .Where(t => t.Status == TrialStatus.Completed)
            .DistinctBy(t => t.Family).Take(3).Select(t => _candidates[t])];
        if (members.Length < 2 || _settings.Families is { } families && !families.Contains(TrainerFamily.Ensemble))
        {
            return;
        }
        foreach (TrialCandidate ensemble in EnsembleCandidates.Create(_settings.Task, members))
        {
            Try(ensemble, 1.0);
        }
    }

    /// <summary>Runs <paramref name="candidate"/> at <paramref name="fraction"/> unless time is short, returning the trial
    /// or null when it was not started.</summary>
    private ModelSearchTrial? Try(TrialCandidate candidate, double fraction)
    {
        if (_stopped || _settings.Families is { } families && !families.Contains(candidate.Family))
        {
            return null;
        }
        if (!_tried.Add((candidate.Family, candidate.Description, fraction)))
        {
            _stopped = ++_skips >= MostSkipsInARow;
            return null;
        }
        TimeSpan deadline = _settings.TrainingTime - _reserve(Best);
        TimeSpan left = deadline - _clock.Elapsed;
        if (_cancellation.IsCancellationRequested || left <= TimeSpan.Zero)
        {
            _stopped = true;
            return null;
        }
        if (_secondsPerRow.TryGetValue(candidate.Family, out double rate) && TimeSpan.FromSeconds(rate * _runner.RowsRead(fraction)) > left)
        {
            _stopped = ++_skips >= MostSkipsInARow;
            return null;
        }
        _skips = 0;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_cancellation);
        limit.CancelAfter(left);
        var started = new ModelSearchTrial(_trials.Count + 1, candidate.Family, candidate.Description, candidate.Imbalance, fraction);
        _progress?.Report(new ModelSearchProgress(ModelSearchStage.TrialStarted, started, Best, _clock.Elapsed, _settings.TrainingTime));
        ModelSearchTrial trial = _runner.Run(started.Number, candidate, fraction, _settings.Seed + started.Number, limit.Token);
        _trials.Add(trial);
        _candidates[trial] = candidate;
        if (trial.Status == TrialStatus.Completed)
        {
            double seconds = trial.Duration.TotalSeconds / _runner.RowsRead(fraction);
            _secondsPerRow[candidate.Family] = _secondsPerRow.TryGetValue(candidate.Family, out double old) ? Math.Max(seconds, (old + seconds) / 2) : seconds;
            KeepModels();
        }
        else if (trial.Status == TrialStatus.Cancelled)
        {
            _stopped = true;
        }
        _progress?.Report(new ModelSearchProgress(ModelSearchStage.TrialEnded, trial, Best, _clock.Elapsed, _settings.TrainingTime));
        return trial;
    }

    /// <summary>Drops the models of trials that are no longer the best of their family, nor the best network.</summary>
    private void KeepModels()
    {
        var ranked = ModelSearchResult.Rank(_trials.Where(t => t.Model is not null), _settings.Metric).ToList();
        var kept = ranked.DistinctBy(t => t.Family).ToHashSet();
        foreach (ModelSearchTrial t in ranked.Where(t => !kept.Contains(t)))
        {
            t.Model = null;
            t.HeldOutData = null;
        }
    }

    /// <summary>The candidate a trial ran.</summary>
    public TrialCandidate CandidateOf(ModelSearchTrial trial) => _candidates[trial];
}
