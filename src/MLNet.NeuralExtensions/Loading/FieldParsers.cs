using System.Globalization;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Loading;

/// <summary>Parses one text field into a typed value.</summary>
internal delegate T FieldParser<T>(ReadOnlySpan<char> field);

/// <summary>The field parsers of the text loader. Empty and "?" fields are NaN for Single and Double, and key 0 for keys.</summary>
internal static class FieldParsers
{
    public static Delegate For(DataViewType item) => item switch
    {
        KeyDataViewType key => Key(key.Count),
        _ when item.RawType == typeof(float) => (FieldParser<float>)(s => IsMissing(s) ? float.NaN : float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) ? v : throw Invalid(s, "Single")),
        _ when item.RawType == typeof(double) => (FieldParser<double>)(s => IsMissing(s) ? double.NaN : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw Invalid(s, "Double")),
        _ when item.RawType == typeof(int) => (FieldParser<int>)(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw Invalid(s, "Int32")),
        _ when item.RawType == typeof(long) => (FieldParser<long>)(s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : throw Invalid(s, "Int64")),
        _ when item.RawType == typeof(uint) => (FieldParser<uint>)(s => uint.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out uint v) ? v : throw Invalid(s, "UInt32")),
        _ when item.RawType == typeof(bool) => (FieldParser<bool>)(s => ValueConversions.ParseBool(s)),
        _ when item.RawType == typeof(ReadOnlyMemory<char>) => (FieldParser<ReadOnlyMemory<char>>)(s => s.ToString().AsMemory()),
        _ => throw new NotSupportedException($"Columns of type {item} cannot be loaded from text."),
    };

    private static FieldParser<uint> Key(ulong count) => s =>
    {
        if (s.IsEmpty)
        {
            return 0;
        }

        if (!ulong.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong index))
        {
            throw Invalid(s, "key index");
        }

        return index < count ? (uint)(index + 1) : throw new FormatException($"key index {index} is outside [0, {count - 1}].");
    };

    private static bool IsMissing(ReadOnlySpan<char> s) => s.IsEmpty || s.SequenceEqual("?");

    private static FormatException Invalid(ReadOnlySpan<char> s, string what) =>
        new(s.IsEmpty ? $"an empty field is not a valid {what}; use Single or Double for columns with missing values." : $"'{s.ToString()}' is not a valid {what}.");
}
