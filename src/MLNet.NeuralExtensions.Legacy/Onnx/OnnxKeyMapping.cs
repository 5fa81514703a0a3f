using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;

namespace MLNet.NeuralExtensions.Onnx;

/// <summary>
/// The ONNX form of key mapping, through ai.onnx.ml's LabelEncoder: values to their 1-based keys (0 for values never
/// seen) and keys back to their values (the type's missing value for key 0 and unknown keys). LabelEncoder compares
/// text, float and int64 items; Double items are cast to float, which must hold every dictionary entry exactly, and the
/// other integer and Boolean items to int64.
/// </summary>
internal static class OnnxKeyMapping
{
    /// <summary>Adds the nodes mapping the items of <paramref name="values"/> to uint32 keys by <paramref name="terms"/>
    /// (a VBuffer of <paramref name="itemType"/> items, key i + 1 for term i) and returns the keys' name.</summary>
    public static string ToKeys(OnnxGraph graph, string values, PrimitiveDataViewType itemType, object terms, string column)
    {
        object[] items = BoxedVBuffer.DenseItems(terms);
        if (items.Length == 0)
        {
            throw new NotSupportedException($"The key mapping of column '{column}' learned no values, so it has no ONNX form.");
        }

        TensorProto.Types.DataType compared = Compared(itemType, items, column);
        string input = compared == OnnxPipelineContext.ElementType(itemType) ? values : Cast(graph, values, compared, $"{column}_compared");
        string encoded = graph.AddNode("LabelEncoder", [input], [$"{column}_key"],
            [Items(compared, "keys", items), OnnxAttribute.Ints("values_int64s", KeyRange(items)), OnnxAttribute.Int("default_int64", 0)], OnnxGraph.MLDomain)[0];
        return Cast(graph, encoded, TensorProto.Types.DataType.Uint32, column);
    }

    /// <summary>Adds the nodes mapping the uint32 <paramref name="keys"/> to <paramref name="keyValues"/> (a VBuffer of
    /// <paramref name="itemType"/> items) and returns the values' name.</summary>
    public static string FromKeys(OnnxGraph graph, string keys, PrimitiveDataViewType itemType, object keyValues, string column)
    {
        object[] items = BoxedVBuffer.DenseItems(keyValues);
        TensorProto.Types.DataType produced = Compared(itemType, items, column);
        OnnxAttribute missing = produced switch
        {
            TensorProto.Types.DataType.String => OnnxAttribute.String("default_string", string.Empty),
            TensorProto.Types.DataType.Float => OnnxAttribute.Float("default_float", float.NaN),
            _ => OnnxAttribute.Int("default_int64", 0),
        };
        string decoded = graph.AddNode("LabelEncoder", [Cast(graph, keys, TensorProto.Types.DataType.Int64, $"{column}_key")], [$"{column}_value"],
            [OnnxAttribute.Ints("keys_int64s", KeyRange(items)), Items(produced, "values", items), missing], OnnxGraph.MLDomain)[0];
        TensorProto.Types.DataType target = OnnxPipelineContext.ElementType(itemType)!.Value;
        return target == produced ? decoded : Cast(graph, decoded, target, column);
    }

    /// <summary>The LabelEncoder item type standing for <paramref name="itemType"/>: string, float or int64.</summary>
    /// <exception cref="NotSupportedException">The type has no such form, or a Double entry is not a float.</exception>
    private static TensorProto.Types.DataType Compared(PrimitiveDataViewType itemType, object[] items, string column)
    {
        Type raw = itemType.RawType;
        if (itemType is TextDataViewType)
        {
            return TensorProto.Types.DataType.String;
        }

        if (raw == typeof(double) && items.Any(v => (double)(float)(double)v != (double)v && !double.IsNaN((double)v)))
        {
            throw new NotSupportedException($"The key mapping of column '{column}' holds Double values that Single cannot hold exactly; ONNX's LabelEncoder compares Single values only.");
        }

        if (raw == typeof(float) || raw == typeof(double))
        {
            return TensorProto.Types.DataType.Float;
        }

        if (itemType is KeyDataViewType || !(raw == typeof(int) || raw == typeof(long) || raw == typeof(uint) || raw == typeof(bool)))
        {
            throw new NotSupportedException($"The key mapping of column '{column}' maps {itemType} values, which have no ONNX form; text, Single, Double, Int32, Int64, UInt32 and Boolean do.");
        }

        return TensorProto.Types.DataType.Int64;
    }

    /// <summary>LabelEncoder's <paramref name="role"/> ("keys" or "values") attribute holding <paramref name="items"/> as <paramref name="type"/>.</summary>
    private static OnnxAttribute Items(TensorProto.Types.DataType type, string role, object[] items) => type switch
    {
        TensorProto.Types.DataType.String => OnnxAttribute.Strings($"{role}_strings", items.Select(i => i.ToString()!)),
        TensorProto.Types.DataType.Float => OnnxAttribute.Floats($"{role}_floats", items.Select(i => Convert.ToSingle(i, System.Globalization.CultureInfo.InvariantCulture))),
        _ => OnnxAttribute.Ints($"{role}_int64s", items.Select(i => Convert.ToInt64(i, System.Globalization.CultureInfo.InvariantCulture))),
    };

    private static IEnumerable<long> KeyRange(object[] items) => Enumerable.Range(1, items.Length).Select(k => (long)k);

    private static string Cast(OnnxGraph graph, string tensor, TensorProto.Types.DataType type, string hint) =>
        graph.Add("Cast", [tensor], hint, OnnxAttribute.Int("to", (long)type));
}
