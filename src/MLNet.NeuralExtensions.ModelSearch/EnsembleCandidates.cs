namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>The ensembles a search tries over its best candidates of different families: soft voting, then stacking
/// with this package's default meta-learner and 5 folds.</summary>
internal static class EnsembleCandidates
{
    /// <summary>Voting and stacking of <paramref name="members"/> for a supervised task.</summary>
    public static IEnumerable<TrialCandidate> Create(ModelSearchTask task, IReadOnlyList<TrialCandidate> members)
    {
        string names = string.Join(" + ", members.Select(m => m.Settings.Length == 0 ? $"{m.Family}" : $"{m.Family}({m.Settings})"));
        yield return new TrialCandidate(TrainerFamily.Ensemble, $"Voting: {names}", ImbalanceTreatment.None, context => task switch
        {
            ModelSearchTask.BinaryClassification => context.ML.BinaryClassification.Trainers.Voting([.. members.Select(m => m.CreateTrainer(context))]),
            ModelSearchTask.MulticlassClassification => context.ML.MulticlassClassification.Trainers.Voting([.. members.Select(m => m.CreateTrainer(context))]),
            _ => context.ML.Regression.Trainers.Voting([.. members.Select(m => m.CreateTrainer(context))]),
        });
        yield return new TrialCandidate(TrainerFamily.Ensemble, $"Stacking: {names}", ImbalanceTreatment.None, context => task switch
        {
            ModelSearchTask.BinaryClassification => context.ML.BinaryClassification.Trainers.Stacking([.. members.Select(m => m.CreateTrainer(context))]),
            ModelSearchTask.MulticlassClassification => context.ML.MulticlassClassification.Trainers.Stacking([.. members.Select(m => m.CreateTrainer(context))]),
            _ => context.ML.Regression.Trainers.Stacking([.. members.Select(m => m.CreateTrainer(context))]),
        });
    }
}
