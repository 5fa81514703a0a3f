namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Trains a voting ensemble: every member on all the rows.</summary>
internal static class VotingFitting
{
    public static EnsembleParts Fit(VotingOptions options, EnsembleFitter fit)
    {
        EnsembleData data = fit.Data;
        var combination = options.Voting == VotingKind.Hard ? EnsembleCombination.MajorityVote : EnsembleCombination.Average;
        int[] all = [.. Enumerable.Range(0, data.Rows)];
        EnsembleMember[] members = [.. options.Members.Select((estimator, m) =>
            fit.Member(fit.Fit(estimator, data.All, $"member {m}", fit.Task.ScoreSize(data.ClassCount)), data.All, all, null, combination))];
        return new EnsembleParts(combination, data.Width, members, options.NormalizedWeights());
    }
}
