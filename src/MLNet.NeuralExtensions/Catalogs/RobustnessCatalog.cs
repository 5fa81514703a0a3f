using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Evaluation;

namespace MLNet.NeuralExtensions;

/// <summary>Evaluation of a network classifier under an adversarial attack, as extension methods of the binary and
/// multiclass catalogs.</summary>
public static class RobustnessCatalog
{
    /// <summary>The accuracy of the network in <paramref name="model"/> on <paramref name="data"/> and on the adversarial
    /// examples <paramref name="attack"/> makes of its rows, in the space of the network's feature column (after the
    /// pipeline's transforms: give the attack's bound and clipping range in that space). The attack raises the binary
    /// cross-entropy of the network's logit against the label.</summary>
    /// <param name="catalog">The binary classification catalog.</param>
    /// <param name="model">A pipeline ending in (or a prediction transformer of) one of the package's binary network trainers.</param>
    /// <param name="data">The rows, as the pipeline takes them.</param>
    /// <param name="attack">The attack, e.g. <c>AdversarialAttack.ProjectedGradientDescent(0.1f, 0.025f, 10)</c>.</param>
    /// <param name="labelColumnName">The label as the network sees it: Boolean, or a number (&gt; 0 is positive). Default "Label".</param>
    /// <returns>The clean and attacked accuracy.</returns>
    /// <exception cref="ArgumentException">The model holds no network (a tree or linear model has no input
    /// gradient: use permutation feature importance or Kernel SHAP to explain it).</exception>
    public static RobustnessMetrics EvaluateUnderAttack(this BinaryClassificationCatalog catalog, ITransformer model, IDataView data, AdversarialAttack attack,
        string labelColumnName = DefaultColumnNames.Label)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return RobustnessEvaluation.Evaluate(model, data, attack, labelColumnName, binary: true);
    }

    /// <summary>The accuracy of the network in <paramref name="model"/> on <paramref name="data"/> and on the adversarial
    /// examples <paramref name="attack"/> makes of its rows, in the space of the network's feature column; the attack
    /// raises the softmax cross-entropy against the label's class.</summary>
    /// <param name="catalog">The multiclass classification catalog.</param>
    /// <param name="model">A pipeline ending in (or a prediction transformer of) one of the package's multiclass network trainers.</param>
    /// <param name="data">The rows, as the pipeline takes them.</param>
    /// <param name="attack">The attack.</param>
    /// <param name="labelColumnName">The key label as the network sees it. Default "Label".</param>
    /// <returns>The clean and attacked accuracy.</returns>
    /// <exception cref="ArgumentException">The model holds no network.</exception>
    /// <exception cref="InvalidDataException">A row's label key is missing; the message names the column and row.</exception>
    public static RobustnessMetrics EvaluateUnderAttack(this MulticlassClassificationCatalog catalog, ITransformer model, IDataView data, AdversarialAttack attack,
        string labelColumnName = DefaultColumnNames.Label)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return RobustnessEvaluation.Evaluate(model, data, attack, labelColumnName, binary: false);
    }
}
