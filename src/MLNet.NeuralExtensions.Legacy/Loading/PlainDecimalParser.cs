using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MLNet.NeuralExtensions.Loading;

/// <summary>
/// Parses the common shape of a number in a data file, [sign] digits [. digits] [e [sign] digits], straight from
/// UTF-8 with at most 19 significant digits, when the result is exact by Clinger's fast path: the digits as an
/// integer and a power of ten that are both exactly representable, combined by one correctly rounded multiplication
/// or division. Anything else (more digits, a large exponent, white space, "NaN", a single's tie after rounding to
/// double) is declined, and the caller falls back to .NET's parser; what is accepted equals .NET's result bit for bit.
/// The field is <c>text[..length]</c>; when at least 16 more bytes follow it in <c>text</c> (bytes that
/// are read and ignored), a field of up to 8 integer and 8 fraction digits is read 8 digits at a time, without a loop.
/// </summary>
internal static class PlainDecimalParser
{
    private static readonly double[] s_doublePowers =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    private static readonly float[] s_singlePowers = [1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    private static readonly ulong[] s_integerPowers = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

    /// <summary>Parses the field <c>text[..length]</c> as a Single; false when it is not of the plain shape or not exact by the fast path.</summary>
    public static bool TryParseSingle(ReadOnlySpan<byte> text, int length, out float value)
    {
        value = 0;
        if (!TryScanShort(text, length, out bool negative, out ulong digits, out int exponent) && !TryScan(text[..length], out negative, out digits, out exponent))
        {
            return false;
        }

        if (digits <= 1UL << 24 && exponent is >= -10 and <= 10)
        {
            float f = digits;
            f = exponent < 0 ? f / s_singlePowers[-exponent] : f * s_singlePowers[exponent];
            value = negative ? -f : f;
            return true;
        }

        if (!TryExactDouble(digits, exponent, out double d))
        {
            return false;
        }

        // d is x correctly rounded to double; rounding it again to single is x correctly rounded unless d fell exactly
        // halfway between two singles (the 29 bits a single drops are 1000…0). Every value reached here is a normal single.
        if ((BitConverter.DoubleToInt64Bits(d) & 0x1FFF_FFFF) == 0x1000_0000)
        {
            return false;
        }

        value = (float)(negative ? -d : d);
        return true;
    }

    /// <summary>Parses the field <c>text[..length]</c> as a Double; false when it is not of the plain shape or not exact by the fast path.</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, int length, out double value)
    {
        value = 0;
        bool scanned = TryScanShort(text, length, out bool negative, out ulong digits, out int exponent) || TryScan(text[..length], out negative, out digits, out exponent);
        if (!scanned || !TryExactDouble(digits, exponent, out double d))
        {
            return false;
        }

        value = negative ? -d : d;
        return true;
    }

    private static bool TryExactDouble(ulong digits, int exponent, out double value)
    {
        value = digits;
        if (digits > 1UL << 53 || exponent is < -22 or > 22)
        {
            return false;
        }

        value = exponent < 0 ? value / s_doublePowers[-exponent] : value * s_doublePowers[exponent];
        return true;
    }

    /// <summary>
    /// Reads [sign] up to 8 digits [. up to 8 digits] with vector compares and two 8-digit conversions; false for any
    /// other shape or when fewer than 16 bytes follow the field.
    /// </summary>
    private static bool TryScanShort(ReadOnlySpan<byte> text, int length, out bool negative, out ulong digits, out int exponent)
    {
        digits = 0;
        exponent = 0;
        negative = length > 0 && text[0] == '-';
        int first = length > 0 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
        int count = length - first;
        if (count is 0 or > 16 || text.Length < length + 16)
        {
            return false;
        }

        Vector128<byte> bytes = Vector128.Create(text.Slice(first, 16));
        uint inField = (1u << count) - 1;
        uint dots = Vector128.Equals(bytes, Vector128.Create((byte)'.')).ExtractMostSignificantBits() & inField;
        uint numerals = Vector128.LessThan(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)10)).ExtractMostSignificantBits() & inField;
        if ((numerals | dots) != inField || BitOperations.PopCount(dots) > 1)
        {
            return false;
        }

        int integerDigits = dots == 0 ? count : BitOperations.TrailingZeroCount(dots);
        int fractionDigits = count - integerDigits - (dots == 0 ? 0 : 1);
        if (integerDigits > 8 || fractionDigits > 8 || integerDigits + fractionDigits == 0)
        {
            return false;
        }

        ulong integer = EightDigits(BinaryPrimitives.ReadUInt64LittleEndian(text[first..]), integerDigits);
        ulong fraction = EightDigits(BinaryPrimitives.ReadUInt64LittleEndian(text[(first + integerDigits + 1)..]), fractionDigits);
        digits = (integer * s_integerPowers[fractionDigits]) + fraction;
        exponent = -fractionDigits;
        return true;
    }

    /// <summary>
    /// The value of the first <paramref name="count"/> (0 to 8) ASCII digits of <paramref name="word"/> (first digit in
    /// the lowest byte): the digits are moved to the top, zeros fill below, and pairs, quads and halves are combined
    /// by three multiplications.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightDigits(ulong word, int count)
    {
        ulong keep = count == 8 ? ulong.MaxValue : (1UL << (8 * count)) - 1;
        ulong value = ((word - 0x3030_3030_3030_3030UL) & keep) << (8 * (8 - count) & 63);
        value = (value * 10) + (value >> 8);
        return (((value & 0x0000_00FF_0000_00FFUL) * (100 + (1_000_000UL << 32))) + (((value >> 16) & 0x0000_00FF_0000_00FFUL) * (1 + (10_000UL << 32)))) >> 32;
    }

    /// <summary>Reads sign, significant digits (as an integer) and the decimal exponent; false for any other shape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryScan(ReadOnlySpan<byte> text, out bool negative, out ulong digits, out int exponent)
    {
        negative = false;
        digits = 0;
        exponent = 0;
        int i = 0;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            i = 1;
        }

        int significant = 0;
        int digitCount = 0;
        for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++, digitCount++)
        {
            Accumulate(text[i], ref digits, ref significant);
        }

        if (i < text.Length && text[i] == '.')
        {
            for (i++; i < text.Length && (uint)(text[i] - '0') <= 9; i++, digitCount++)
            {
                Accumulate(text[i], ref digits, ref significant);
                exponent--;
            }
        }

        if (digitCount == 0 || significant > 19)
        {
            return false;
        }

        if (i < text.Length && (text[i] | 0x20) == 'e')
        {
            i++;
            bool negativeExponent = i < text.Length && text[i] == '-';
            if (i < text.Length && (text[i] == '-' || text[i] == '+'))
            {
                i++;
            }

            int start = i;
            int written = 0;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9 && i - start < 4; i++)
            {
                written = (written * 10) + (text[i] - '0');
            }

            if (i == start)
            {
                return false;
            }

            exponent += negativeExponent ? -written : written;
        }

        return i == text.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(byte digit, ref ulong digits, ref int significant)
    {
        if (significant > 0 || digit != '0')
        {
            significant++;
            if (significant <= 19)
            {
                digits = (digits * 10) + (uint)(digit - '0');
            }
        }
    }
}
