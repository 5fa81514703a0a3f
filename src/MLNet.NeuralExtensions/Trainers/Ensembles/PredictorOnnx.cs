using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Has a member's (or meta-model's) model write itself into the ONNX graph ML.NET's converter is building,
/// into intermediate variables of its own, with the output names ML.NET's scorer of its task passes: PredictedLabel,
/// Score and Probability (binary), PredictedLabel and Score (multiclass), Score (regression).</summary>
internal static class PredictorOnnx
{
    /// <summary>Whether the model can write itself.</summary>
    public static bool CanSave(object model, OnnxContext ctx) => model is ISingleCanSaveOnnx onnx && onnx.CanSaveOnnx(ctx);

    /// <summary>Writes <paramref name="model"/> reading the float [N × inputs] variable <paramref name="features"/>.</summary>
    /// <param name="ctx">The converter's context.</param>
    /// <param name="model">An <see cref="ISingleCanSaveOnnx"/> model parameters.</param>
    /// <param name="features">The input variable.</param>
    /// <param name="prefix">The prefix of the variables' names ("Member_2").</param>
    /// <returns>Its Score variable, [N × 1] or [N × classes], and its Probability variable for a binary model (written
    /// by models that give one).</returns>
    /// <exception cref="NotSupportedException">The model did not write itself.</exception>
    public static (string Score, string Probability) Emit(OnnxContext ctx, object model, string features, string prefix)
    {
        PredictionKind kind = ((IPredictor)model).PredictionKind;
        string label = ctx.AddIntermediateVariable(null, $"{prefix}_PredictedLabel", true);
        string score = ctx.AddIntermediateVariable(null, $"{prefix}_Score", true);
        string probability = kind == PredictionKind.BinaryClassification ? ctx.AddIntermediateVariable(null, $"{prefix}_Probability", true) : score;
        string[] outputs = kind switch
        {
            PredictionKind.BinaryClassification => [label, score, probability],
            PredictionKind.MulticlassClassification => [label, score],
            _ => [score],
        };
        if (model is not ISingleCanSaveOnnx onnx || !onnx.SaveAsOnnx(ctx, outputs, features))
        {
            throw new NotSupportedException($"{prefix} ({model.GetType().Name}) did not export to ONNX; an ensemble exports when every member does.");
        }

        return (score, probability);
    }
}
