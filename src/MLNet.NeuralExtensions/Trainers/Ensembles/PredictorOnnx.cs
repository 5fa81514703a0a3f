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
    /// <param name="scoreSize">The size of its Score: 1, or the number of classes.</param>
    /// <returns>Its Score variable, [N × 1] or [N × classes], and its Probability variable for a binary model (written
    /// by models that give one).</returns>
    /// <exception cref="NotSupportedException">The model did not write itself.</exception>
    public static (string Score, string Probability) Emit(OnnxContext ctx, object model, string features, string prefix, int scoreSize)
    {
        PredictionKind kind = ((IPredictor)model).PredictionKind;
        string label = ctx.AddIntermediateVariable(null, $"{prefix}_PredictedLabel", true);
        string score = ctx.AddIntermediateVariable(Floats(scoreSize), $"{prefix}_Score");
        string probability = kind == PredictionKind.BinaryClassification ? ctx.AddIntermediateVariable(NumberDataViewType.Single, $"{prefix}_Probability") : score;
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

    /// <summary>The type ML.NET declares a variable of <paramref name="size"/> floats per row with: Single (ONNX shape
    /// [N, 1]) or a vector of Single ([N, size]).</summary>
    public static DataViewType Floats(int size) => size == 1 ? NumberDataViewType.Single : new VectorDataViewType(NumberDataViewType.Single, size);
}
