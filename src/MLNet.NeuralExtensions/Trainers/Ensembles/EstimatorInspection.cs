using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>What a member estimator says about itself before it is fitted: the prediction transformer its type makes
/// (its task) and, for ML.NET's trainers (<see cref="TrainerEstimatorBase{TTransformer, TModel}"/>, ours included), the
/// feature and label columns it reads. An ensemble refuses a member of another task or reading other columns when it is
/// made, before anything trains.</summary>
internal static class EstimatorInspection
{
    /// <summary>Throws when <paramref name="estimator"/>'s type makes a prediction transformer of another task than
    /// <paramref name="task"/>, or it names another feature or label column; the message names the role, the estimator
    /// and the values.</summary>
    public static void Check(object estimator, string role, EnsembleTask task, string featureColumn, string labelColumn)
    {
        string name = estimator.GetType().Name;
        if (TransformerType(estimator) is { IsGenericType: true } made && made.GetGenericTypeDefinition() != task.TransformerDefinition)
        {
            throw new ArgumentException($"{Capitalized(role)} ({name}) makes a {TypeName(made)}; a {task.Name} ensemble takes estimators that make a {TypeName(task.TransformerDefinition)}.");
        }

        foreach (var (kind, expected) in new[] { ("FeatureColumn", featureColumn), ("LabelColumn", labelColumn) })
        {
            if (TrainerColumn(estimator, kind) is { } actual && actual != expected)
            {
                string what = kind == "FeatureColumn" ? "features" : "the label";
                string option = kind == "FeatureColumn" ? "FeatureColumnName" : "LabelColumnName";
                throw new ArgumentException($"{Capitalized(role)} ({name}) reads {what} from '{actual}', but the ensemble's {option} is '{expected}'; every member and the meta-learner read the ensemble's columns.");
            }
        }
    }

    /// <summary>"Member 2" from "member 2".</summary>
    public static string Capitalized(string role) => char.ToUpperInvariant(role[0]) + role[1..];

    /// <summary>"BinaryPredictionTransformer" from BinaryPredictionTransformer`1.</summary>
    public static string TypeName(Type type) => type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;

    // The T of the estimator's IEstimator<T>, when it is a concrete prediction transformer.
    private static Type? TransformerType(object estimator) =>
        estimator.GetType().GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEstimator<>))
            .Select(i => i.GetGenericArguments()[0])
            .FirstOrDefault(t => t.IsClass);

    // The name of a TrainerEstimatorBase's public FeatureColumn or LabelColumn field, when it reads one.
    private static string? TrainerColumn(object estimator, string field)
    {
        for (Type? type = estimator.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(TrainerEstimatorBase<,>))
            {
                var column = (SchemaShape.Column)type.GetField(field, BindingFlags.Public | BindingFlags.Instance)!.GetValue(estimator)!;
                return column.IsValid ? column.Name : null;
            }
        }

        return null;
    }
}
