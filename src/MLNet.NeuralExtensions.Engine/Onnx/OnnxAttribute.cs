namespace MLNet.NeuralExtensions.Engine.Onnx;

/// <summary>An attribute of an ONNX node, independent of the graph it goes into: a name and a value of one of the
/// attribute types the layers use (int, float, string, ints, floats, strings).</summary>
internal readonly record struct OnnxAttribute
{
    private OnnxAttribute(string name, object value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The attribute's name.</summary>
    public string Name { get; }

    /// <summary>The value: a <see cref="long"/>, <see cref="float"/>, <see cref="string"/>, or an array of one of them.</summary>
    public object Value { get; }

    public static OnnxAttribute Int(string name, long value) => new(name, value);

    public static OnnxAttribute Float(string name, float value) => new(name, value);

    public static OnnxAttribute String(string name, string value) => new(name, value);

    public static OnnxAttribute Ints(string name, params IEnumerable<long> values) => new(name, values.ToArray());

    public static OnnxAttribute Floats(string name, params IEnumerable<float> values) => new(name, values.ToArray());

    public static OnnxAttribute Strings(string name, params IEnumerable<string> values) => new(name, values.ToArray());
}
