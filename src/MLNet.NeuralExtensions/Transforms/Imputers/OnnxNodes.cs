using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Writes standard-domain ONNX operators into ML.NET's <see cref="OnnxContext"/>, each into a new intermediate
/// variable named after <paramref name="prefix"/>, and returns that variable.</summary>
/// <param name="ctx">The ONNX graph ML.NET's converter is building.</param>
/// <param name="prefix">The start of every variable's name.</param>
internal sealed class OnnxNodes(OnnxContext ctx, string prefix)
{
    /// <summary>Adds operator <paramref name="op"/> on <paramref name="inputs"/>.</summary>
    public string Add(string op, params string[] inputs) => Add(op, inputs, _ => { });

    /// <summary>Adds operator <paramref name="op"/> on <paramref name="inputs"/> with the attributes
    /// <paramref name="attributes"/> sets.</summary>
    public string Add(string op, string[] inputs, Action<OnnxNode> attributes) =>
        Into(ctx.AddIntermediateVariable(null, $"{prefix}_{op}", true), op, inputs, attributes);

    /// <summary>Adds operator <paramref name="op"/> on <paramref name="inputs"/>, writing variable <paramref name="output"/>.</summary>
    public string Into(string output, string op, string[] inputs, Action<OnnxNode> attributes)
    {
        attributes(ctx.CreateNode(op, inputs, [output], ctx.GetNodeName(op), ""));
        return output;
    }

    /// <summary>Adds operator <paramref name="op"/>, which has <paramref name="outputs"/> outputs, on <paramref name="inputs"/>.</summary>
    public string[] AddWithOutputs(string op, int outputs, string[] inputs, Action<OnnxNode> attributes)
    {
        string[] names = [.. Enumerable.Range(0, outputs).Select(i => ctx.AddIntermediateVariable(null, $"{prefix}_{op}_{i}", true))];
        attributes(ctx.CreateNode(op, inputs, names, ctx.GetNodeName(op), ""));
        return names;
    }

    /// <summary>Converts <paramref name="input"/> to the ONNX element type of .NET type <paramref name="to"/>.</summary>
    public string Cast(string input, Type to) => Add("Cast", [input], node => node.AddAttribute("to", to));

    /// <summary>A vector column's variable (shape [N, dimensions...]) as a matrix of doubles [N, slots].</summary>
    public string DoubleMatrix(string input) => Cast(Add("Flatten", [input], node => node.AddAttribute("axis", 1L)), typeof(double));

    /// <summary>Writes matrix <paramref name="matrix"/> of doubles [N, slots] into variable <paramref name="output"/>
    /// of vector type <paramref name="type"/>: its shape and item type.</summary>
    public void FromDoubleMatrix(string matrix, VectorDataViewType type, string output)
    {
        long[] shape = [-1, .. type.Dimensions.Select(d => (long)d)];
        Into(output, "Cast", [Add("Reshape", matrix, Longs(shape, shape.Length))], node => node.AddAttribute("to", type.ItemType.RawType));
    }

    /// <summary>A constant tensor of Booleans of shape <paramref name="dims"/>.</summary>
    public string Bools(IEnumerable<bool> values, params long[] dims) => ctx.AddInitializer(values, dims, $"{prefix}_constant");

    /// <summary>A constant tensor of doubles of shape <paramref name="dims"/>.</summary>
    public string Doubles(IEnumerable<double> values, params long[] dims) => ctx.AddInitializer(values, dims, $"{prefix}_constant");

    /// <summary>A constant 64-bit integer of rank 0.</summary>
    public string Long(long value) => ctx.AddInitializer(value, $"{prefix}_constant");

    /// <summary>A constant tensor of 64-bit integers of shape <paramref name="dims"/>.</summary>
    public string Longs(IEnumerable<long> values, params long[] dims) => ctx.AddInitializer(values, dims, $"{prefix}_constant");
}
