using System.Globalization;

namespace MLNet.NeuralExtensions.Data;

/// <summary>Conversions between item raw types; each throws <see cref="FormatException"/> naming the value it cannot convert.</summary>
internal static class ValueConversions
{
    public static Func<TSrc, TDst> Get<TSrc, TDst>() => (Func<TSrc, TDst>)Get(typeof(TSrc), typeof(TDst));

    public static Delegate Get(Type src, Type dst)
    {
        if (src == typeof(ReadOnlyMemory<char>))
        {
            return FromText(dst);
        }

        if (dst == typeof(ReadOnlyMemory<char>))
        {
            return src == typeof(float) ? (Func<float, ReadOnlyMemory<char>>)(x => x.ToString("R", CultureInfo.InvariantCulture).AsMemory())
                : src == typeof(double) ? (Func<double, ReadOnlyMemory<char>>)(x => x.ToString("R", CultureInfo.InvariantCulture).AsMemory())
                : src == typeof(int) ? (Func<int, ReadOnlyMemory<char>>)(x => x.ToString(CultureInfo.InvariantCulture).AsMemory())
                : src == typeof(long) ? (Func<long, ReadOnlyMemory<char>>)(x => x.ToString(CultureInfo.InvariantCulture).AsMemory())
                : src == typeof(uint) ? (Func<uint, ReadOnlyMemory<char>>)(x => x.ToString(CultureInfo.InvariantCulture).AsMemory())
                : src == typeof(bool) ? (Func<bool, ReadOnlyMemory<char>>)(x => (x ? "True" : "False").AsMemory())
                : throw Unsupported(src, dst);
        }

        Func<double, object> fromDouble = ToNumber(dst);
        return src == typeof(float) ? Wrap<float>(x => fromDouble(x), dst)
            : src == typeof(double) ? Wrap<double>(x => fromDouble(x), dst)
            : src == typeof(int) ? Wrap<int>(x => fromDouble(x), dst)
            : src == typeof(long) ? Wrap<long>(x => dst == typeof(long) ? x : fromDouble(x), dst)
            : src == typeof(uint) ? Wrap<uint>(x => fromDouble(x), dst)
            : src == typeof(bool) ? Wrap<bool>(x => fromDouble(x ? 1 : 0), dst)
            : throw Unsupported(src, dst);
    }

    private static Delegate Wrap<TSrc>(Func<TSrc, object> f, Type dst) =>
        dst == typeof(float) ? (Func<TSrc, float>)(x => (float)f(x))
        : dst == typeof(double) ? (Func<TSrc, double>)(x => (double)f(x))
        : dst == typeof(int) ? (Func<TSrc, int>)(x => (int)f(x))
        : dst == typeof(long) ? (Func<TSrc, long>)(x => (long)f(x))
        : dst == typeof(uint) ? (Func<TSrc, uint>)(x => (uint)f(x))
        : dst == typeof(bool) ? (Func<TSrc, bool>)(x => (bool)f(x))
        : throw Unsupported(typeof(TSrc), dst);

    private static Func<double, object> ToNumber(Type dst) =>
        dst == typeof(float) ? x => (float)x
        : dst == typeof(double) ? x => x
        : dst == typeof(int) ? x => checked((int)Integral(x, int.MinValue, int.MaxValue))
        : dst == typeof(long) ? x => checked((long)Integral(x, long.MinValue, long.MaxValue))
        : dst == typeof(uint) ? x => checked((uint)Integral(x, uint.MinValue, uint.MaxValue))
        : dst == typeof(bool) ? x => double.IsNaN(x) ? throw new FormatException("NaN has no boolean value.") : x != 0
        : throw Unsupported(typeof(double), dst);

    private static double Integral(double x, double min, double max) =>
        double.IsNaN(x) || x < min || x > max ? throw new FormatException($"{x.ToString(CultureInfo.InvariantCulture)} does not fit the integer range [{min}, {max}].") : Math.Truncate(x);

    private static Delegate FromText(Type dst) =>
        dst == typeof(ReadOnlyMemory<char>) ? (Func<ReadOnlyMemory<char>, ReadOnlyMemory<char>>)(x => x)
        : dst == typeof(float) ? (Func<ReadOnlyMemory<char>, float>)(x => x.IsEmpty ? float.NaN : Parse(x, s => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), "Single"))
        : dst == typeof(double) ? (Func<ReadOnlyMemory<char>, double>)(x => x.IsEmpty ? double.NaN : Parse(x, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), "Double"))
        : dst == typeof(int) ? (Func<ReadOnlyMemory<char>, int>)(x => Parse(x, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), "Int32"))
        : dst == typeof(long) ? (Func<ReadOnlyMemory<char>, long>)(x => Parse(x, s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), "Int64"))
        : dst == typeof(uint) ? (Func<ReadOnlyMemory<char>, uint>)(x => Parse(x, s => uint.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), "UInt32"))
        : dst == typeof(bool) ? (Func<ReadOnlyMemory<char>, bool>)(x => ParseBool(x.Span))
        : throw Unsupported(typeof(ReadOnlyMemory<char>), dst);

    /// <summary>Parses a boolean: true/false, 1/0, yes/no (case-insensitive, surrounding spaces ignored).</summary>
    public static bool ParseBool(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> t = text.Trim();
        if (t.Equals("true", StringComparison.OrdinalIgnoreCase) || t.SequenceEqual("1") || t.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (t.Equals("false", StringComparison.OrdinalIgnoreCase) || t.SequenceEqual("0") || t.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        throw new FormatException($"'{text.ToString()}' is not a Boolean (true/false, 1/0, yes/no).");
    }

    private delegate T SpanParser<T>(ReadOnlySpan<char> s);

    private static T Parse<T>(ReadOnlyMemory<char> x, SpanParser<T> parse, string typeName)
    {
        try
        {
            return parse(x.Span.Trim());
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new FormatException($"'{x}' is not a valid {typeName}.", e);
        }
    }

    private static NotSupportedException Unsupported(Type src, Type dst) => new($"No conversion from {src.Name} to {dst.Name}.");
}
