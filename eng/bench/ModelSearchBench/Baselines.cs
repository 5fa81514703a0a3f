using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.ModelSearch;

/// <summary>ML.NET's FastTree and LightGbm with their defaults after the search's featurization, trained on every
/// training row and evaluated by ML.NET's evaluator, as a user of ML.NET would run them without a search.</summary>
internal static class Baselines
{
    public static (ITransformer Model, IDataView Test) Fit(MLContext ml, DatasetAnalysis analysis, TrainerFamily family, string train, string test)
    {
        IDataView rows = LabelPreparation.Apply(ml, analysis, analysis.Load(ml, train));
        IEstimator<ISingleFeaturePredictionTransformer<object>> trainer = (analysis.Task, family) switch
        {
            (ModelSearchTask.BinaryClassification, TrainerFamily.FastTree) => ml.BinaryClassification.Trainers.FastTree(),
            (ModelSearchTask.BinaryClassification, _) => ml.BinaryClassification.Trainers.LightGbm(),
            (ModelSearchTask.MulticlassClassification, TrainerFamily.FastTree) => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()),
            (ModelSearchTask.MulticlassClassification, _) => ml.MulticlassClassification.Trainers.LightGbm(),
            (_, TrainerFamily.FastTree) => ml.Regression.Trainers.FastTree(),
            _ => ml.Regression.Trainers.LightGbm(),
        };
        ITransformer model = Featurization.Create(ml, analysis).Estimator.Append(trainer).Fit(rows);
        return (model, LabelPreparation.Apply(ml, analysis, analysis.Load(ml, test)));
    }

    public static IReadOnlyDictionary<string, double> Evaluate(MLContext ml, DatasetAnalysis analysis, ITransformer model, IDataView test) =>
        SearchMetric.Evaluate(ml, analysis.Task, model.Transform(test), hasLabel: true);
}
