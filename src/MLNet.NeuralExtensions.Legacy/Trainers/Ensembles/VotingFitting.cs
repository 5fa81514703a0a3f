namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Trains a voting ensemble: every member on all the rows.</summary>
internal static class VotingFitting
{
    public static EnsembleModelParameters Fit(VotingOptions options, EnsembleData data)
    {
        IScoringTransformer[] members = [.. options.Members.Select((estimator, m) => data.Fit(estimator, data.All, $"member {m}"))];
        return new EnsembleModelParameters(data.Task, data.Width, members, new int[]?[members.Length], options.NormalizedWeights(),
            options.Voting == VotingKind.Hard ? EnsembleCombination.MajorityVote : EnsembleCombination.Average);
    }
}
