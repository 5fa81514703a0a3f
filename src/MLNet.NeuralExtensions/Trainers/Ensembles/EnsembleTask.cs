using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// What an ensemble's training depends on in its task: which prediction transformers can be members, the label and its
/// targets, what each member contributes for a combination (probabilities, scores or votes), and how out-of-bag
/// predictions are scored.
/// </summary>
internal abstract class EnsembleTask
{
    /// <summary>The smallest probability a combined binary classifier reports, so that its Score (the logit) stays finite.</summary>
    public const float ProbabilityFloor = 1e-7f;

    public static EnsembleTask Binary { get; } = new BinaryEnsembleTask();

    public static EnsembleTask Multiclass { get; } = new MulticlassEnsembleTask();

    public static EnsembleTask Regression { get; } = new RegressionEnsembleTask();

    /// <summary>The task's name, for messages ("binary classification").</summary>
    public abstract string Name { get; }

    /// <summary>ML.NET's kind of the task's models.</summary>
    public abstract PredictionKind Kind { get; }

    /// <summary>ML.NET's generic prediction transformer of the task.</summary>
    public abstract Type TransformerDefinition { get; }

    /// <summary>Whether the rows have classes (stratified folds, votes, accuracy).</summary>
    public bool IsClassification => Kind != PredictionKind.Regression;

    /// <summary>What the label column must be, for messages.</summary>
    public abstract string LabelDescription { get; }

    /// <summary>The trainer's label column of that name.</summary>
    public abstract SchemaShape.Column LabelColumn(string name);

    /// <summary>Whether a label column of <paramref name="label"/>'s shape can be trained on.</summary>
    public abstract bool AcceptsLabel(SchemaShape.Column label);

    /// <summary>The number of classes of <paramref name="label"/> (2 for binary), or 0 for regression.</summary>
    public abstract int ClassCount(DataViewSchema.Column label);

    /// <summary>The size of a member's Score for <paramref name="classes"/> classes.</summary>
    public int ScoreSize(int classes) => Kind == PredictionKind.MulticlassClassification ? classes : 1;

    /// <summary>The target of row <paramref name="row"/> from its label value (as <c>ColumnReader.ReadScalars</c> reads
    /// it): its class from 0, or its value for regression.</summary>
    /// <exception cref="InvalidDataException">The label is missing or out of range; the message names the row.</exception>
    public abstract double Target(DataViewSchema.Column label, double value, int row);

    /// <summary>Whether <paramref name="model"/> must be calibrated before it contributes to <paramref name="combination"/>.</summary>
    public virtual bool NeedsCalibration(EnsembleCombination combination, object model) => false;

    /// <summary>What a fitted member (its model <paramref name="model"/>) contributes to <paramref name="combination"/>.</summary>
    /// <param name="combination">The ensemble's combination.</param>
    /// <param name="model">The member's model, calibrated when <see cref="NeedsCalibration"/> said so.</param>
    /// <param name="trainingScores">The member's Score of the rows it trained on, row-major, when the choice needs them.</param>
    public abstract MemberOutput OutputFor(EnsembleCombination combination, object model, Func<float[]> trainingScores);

    /// <summary>Scikit-learn's out-of-bag score of the mean contributions <paramref name="means"/> (<paramref name="width"/>
    /// per row) against <paramref name="targets"/>: accuracy for classification, R² for regression.</summary>
    public abstract double OutOfBagScore(ReadOnlySpan<float> means, int width, ReadOnlySpan<double> targets);

    /// <summary>How a class is named in messages.</summary>
    public abstract string ClassName(DataViewSchema.Column label, int c);

    /// <summary>The columns the task's prediction transformer adds, for a label of <paramref name="label"/>'s shape.</summary>
    public abstract SchemaShape.Column[] OutputColumns(SchemaShape.Column label);

    /// <summary>The error for a row whose label cannot be trained on.</summary>
    private protected static InvalidDataException BadLabel(DataViewSchema.Column label, int row, string what) =>
        new($"Label column '{label.Name}', row {row}: {what}. Every training row of an ensemble needs a label; filter such rows out (FilterRowsByMissingValues) before the trainer.");

    /// <summary>The share of rows whose predicted class is the target.</summary>
    private protected static double Accuracy(ReadOnlySpan<double> targets, Func<int, int> predicted)
    {
        int correct = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            correct += predicted(i) == (int)targets[i] ? 1 : 0;
        }

        return (double)correct / targets.Length;
    }
}
