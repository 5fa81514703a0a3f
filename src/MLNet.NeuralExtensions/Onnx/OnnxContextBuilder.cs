using Microsoft.ML.Model.OnnxConverter;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Onnx;

/// <summary>
/// Lets the engine's layers write into the graph ML.NET's ONNX converter is building: initializers and nodes go
/// through the <see cref="OnnxContext"/>, which makes every name unique, and nodes are in the default domain (the
/// context's own default for a missing domain is ai.onnx.ml).
/// </summary>
/// <param name="context">The converter's context.</param>
/// <param name="opset">The default-domain opset the context writes (see <see cref="NetworkOnnxExport.Opset"/>).</param>
internal sealed class OnnxContextBuilder(OnnxContext context, int opset) : OnnxBuilder(opset)
{
    /// <inheritdoc/>
    public override string AddInitializer(string hint, ReadOnlySpan<float> values, params ReadOnlySpan<long> dimensions)
        => dimensions.IsEmpty
            ? context.AddInitializer(values[0], Name(hint))
            : context.AddInitializer(values.ToArray(), dimensions.ToArray(), Name(hint));

    /// <inheritdoc/>
    public override string AddInt64s(string hint, params ReadOnlySpan<long> values)
        => context.AddInitializer(values.ToArray(), [values.Length], Name(hint));

    /// <inheritdoc/>
    public override string[] AddNode(string opType, IEnumerable<string> inputs, IReadOnlyList<string> outputHints, IEnumerable<OnnxAttribute> attributes)
    {
        // Intermediate values need no declared type: the converter leaves their shapes to ONNX's inference.
        string[] outputs = [.. outputHints.Select(h => h.Length == 0 ? "" : context.AddIntermediateVariable(null, Name(h), skip: true))];
        OnnxNode node = context.CreateNode(opType, inputs, outputs, context.GetNodeName(opType), "");
        foreach (OnnxAttribute attribute in attributes)
        {
            switch (attribute.Value)
            {
                case long value:
                    node.AddAttribute(attribute.Name, value);
                    break;
                case float value:
                    node.AddAttribute(attribute.Name, (double)value);
                    break;
                case string value:
                    node.AddAttribute(attribute.Name, value);
                    break;
                case long[] values:
                    node.AddAttribute(attribute.Name, values);
                    break;
                case float[] values:
                    node.AddAttribute(attribute.Name, values);
                    break;
                default:
                    node.AddAttribute(attribute.Name, (IEnumerable<string>)attribute.Value);
                    break;
            }
        }

        return outputs;
    }

    // The context also maps a new name to the data-view column of that name, so a name that is a column's (a feature
    // column called "dense", say) is passed over: taking it would hide the column from the rest of the pipeline.
    private string Name(string hint)
    {
        string name = hint;
        for (int i = 1; context.ContainsColumn(name); i++)
        {
            name = $"{hint}_{i}";
        }

        return name;
    }
}
