using System.Globalization;
using System.Text;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Loading;

/// <summary>
/// Parses one UTF-8 text field, <c>text[..length]</c>, into a typed value; the bytes after the field may be read
/// (to read several at once) and are ignored.
/// </summary>
internal delegate T FieldParser<T>(ReadOnlySpan<byte> text, int length);

/// <summary>
/// The field parsers of the text loader, reading UTF-8 fields without decoding them. Empty and "?" fields are NaN
/// for Single and Double, and key 0 for keys. Numbers use the invariant culture; plain decimals take a fast path
/// (<see cref="PlainDecimalParser"/>) that gives the same values as .NET's parser.
/// </summary>
internal static class FieldParsers
{
    private const NumberStyles Integer = NumberStyles.Integer;
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public static Delegate For(DataViewType item) => item switch
    {
        KeyDataViewType key => Key(key.Count),
        _ when item.RawType == typeof(float) => (FieldParser<float>)ParseSingle,
        _ when item.RawType == typeof(double) => (FieldParser<double>)ParseDouble,
        _ when item.RawType == typeof(int) => (FieldParser<int>)((t, n) => int.TryParse(t[..n], Integer, s_invariant, out int v) ? v : throw Invalid(t[..n], "Int32")),
        _ when item.RawType == typeof(long) => (FieldParser<long>)((t, n) => long.TryParse(t[..n], Integer, s_invariant, out long v) ? v : throw Invalid(t[..n], "Int64")),
        _ when item.RawType == typeof(uint) => (FieldParser<uint>)((t, n) => uint.TryParse(t[..n], Integer, s_invariant, out uint v) ? v : throw Invalid(t[..n], "UInt32")),
        _ when item.RawType == typeof(bool) => (FieldParser<bool>)((t, n) => ValueConversions.ParseBool(Encoding.UTF8.GetString(t[..n]))),
        _ when item.RawType == typeof(ReadOnlyMemory<char>) => (FieldParser<ReadOnlyMemory<char>>)((t, n) => Encoding.UTF8.GetString(t[..n]).AsMemory()),
        _ => throw new NotSupportedException($"Columns of type {item} cannot be loaded from text."),
    };

    private static float ParseSingle(ReadOnlySpan<byte> text, int length) =>
        PlainDecimalParser.TryParseSingle(text, length, out float v) ? v
        : IsMissing(text[..length]) ? float.NaN
        : float.TryParse(text[..length], NumberStyles.Float, s_invariant, out v) ? v
        : throw Invalid(text[..length], "Single");

    private static double ParseDouble(ReadOnlySpan<byte> text, int length) =>
        PlainDecimalParser.TryParseDouble(text, length, out double v) ? v
        : IsMissing(text[..length]) ? double.NaN
        : double.TryParse(text[..length], NumberStyles.Float, s_invariant, out v) ? v
        : throw Invalid(text[..length], "Double");

    private static FieldParser<uint> Key(ulong count) => (text, length) =>
    {
        ReadOnlySpan<byte> s = text[..length];
        if (s.IsEmpty)
        {
            return 0;
        }

        if (!ulong.TryParse(s, Integer, s_invariant, out ulong index))
        {
            throw Invalid(s, "key index");
        }

        return index < count ? (uint)(index + 1) : throw new FormatException($"key index {index} is outside [0, {count - 1}].");
    };

    private static bool IsMissing(ReadOnlySpan<byte> s) => s.IsEmpty || s.SequenceEqual("?"u8);

    private static FormatException Invalid(ReadOnlySpan<byte> s, string what) =>
        new(s.IsEmpty ? $"an empty field is not a valid {what}; use Single or Double for columns with missing values." : $"'{Encoding.UTF8.GetString(s)}' is not a valid {what}.");
}
