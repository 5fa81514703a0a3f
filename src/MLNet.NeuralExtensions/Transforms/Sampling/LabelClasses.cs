using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// The classes of a label column: each row's class number and each class's size. Classes are numbered in the order
/// of their label values (false before true, numbers and keys ascending, text by ordinal comparison), as
/// imbalanced-learn numbers them, so that among equally large classes the first in that order is the minority or the
/// majority.
/// </summary>
internal sealed class LabelClasses
{
    private readonly LabelKind _kind;
    private readonly double[] _numbers;
    private readonly string?[] _texts;

    private LabelClasses(string column, LabelKind kind, int[] classOfRow, double[] numbers, string?[] texts)
    {
        Column = column;
        _kind = kind;
        ClassOfRow = classOfRow;
        _numbers = numbers;
        _texts = texts;
        Counts = new int[texts.Length];
        FirstRow = new int[texts.Length];
        for (int r = classOfRow.Length - 1; r >= 0; r--)
        {
            Counts[classOfRow[r]]++;
            FirstRow[classOfRow[r]] = r;
        }
    }

    private enum LabelKind
    {
        Boolean,
        Key,
        Number,
        Text,
    }

    /// <summary>Gets the label column's name.</summary>
    public string Column { get; }

    /// <summary>Gets the class number of each row.</summary>
    public int[] ClassOfRow { get; }

    /// <summary>Gets the number of rows of each class.</summary>
    public int[] Counts { get; }

    /// <summary>Gets the first row of each class.</summary>
    public int[] FirstRow { get; }

    /// <summary>Gets the smallest class (the first in label order among equals).</summary>
    public int Minority => Array.IndexOf(Counts, Counts.Min());

    /// <summary>Gets the largest class (the first in label order among equals).</summary>
    public int Majority => Array.IndexOf(Counts, Counts.Max());

    /// <summary>Gets the type names a label can have, for messages.</summary>
    public static string SupportedTypes => "a scalar Boolean, key, text or number (Single, Double, Byte, UInt16, UInt32, UInt64, Int32, Int64)";

    /// <summary>Whether a label column of item type <paramref name="type"/> can name classes.</summary>
    public static bool IsSupported(DataViewType type) => type switch
    {
        BooleanDataViewType or TextDataViewType or KeyDataViewType => true,
        NumberDataViewType n => n.RawType != typeof(sbyte) && n.RawType != typeof(short),
        _ => false,
    };

    /// <summary>Reads the classes of every row of <paramref name="label"/>.</summary>
    /// <exception cref="InvalidDataException">A label is missing (NaN or the missing key); the message names the column and row.</exception>
    public static LabelClasses Read(IDataView data, DataViewSchema.Column label)
    {
        if (label.Type is TextDataViewType)
        {
            string[] values = [.. data.GetColumn<ReadOnlyMemory<char>>(label).Select(v => v.ToString())];
            string[] classes = [.. values.Distinct().Order(StringComparer.Ordinal)];
            var index = classes.Select((v, c) => (v, c)).ToDictionary(p => p.v, p => p.c, StringComparer.Ordinal);
            return new LabelClasses(label.Name, LabelKind.Text, [.. values.Select(v => index[v])], new double[classes.Length], classes);
        }

        double[] raw = ColumnReader.ReadScalars(data, label);
        bool isKey = label.Type is KeyDataViewType;
        for (int r = 0; r < raw.Length; r++)
        {
            if (double.IsNaN(raw[r]) || (isKey && raw[r] == 0))
            {
                throw new InvalidDataException($"Label column '{label.Name}', row {r}: the label is missing; every row must name its class to be resampled. Filter such rows (FilterRowsByMissingValues) first.");
            }
        }

        double[] numbers = [.. raw.Distinct().Order()];
        var position = numbers.Select((v, c) => (v, c)).ToDictionary(p => p.v, p => p.c);
        LabelKind kind = isKey ? LabelKind.Key : label.Type is BooleanDataViewType ? LabelKind.Boolean : LabelKind.Number;
        return new LabelClasses(label.Name, kind, [.. raw.Select(v => position[v])], numbers, KeyNames(label, numbers));
    }

    /// <summary>The class's label as a number: 0 or 1 for a Boolean label, the key's raw value for a key label.</summary>
    public double Number(int c) => _numbers[c];

    /// <summary>Describes class <paramref name="c"/> for messages: its label and size.</summary>
    public string Describe(int c) => $"'{Name(c)}' ({Counts[c]} rows)";

    /// <summary>The class a sampling strategy names by <paramref name="value"/>: a string names a text label or a key's
    /// text value, a bool a Boolean label, a number a numeric label or a key's raw value.</summary>
    /// <exception cref="ArgumentException">No class has that label; the message lists the classes.</exception>
    public int Find(object value)
    {
        int c = value switch
        {
            string s => Array.IndexOf(_texts, s),
            bool b when _kind == LabelKind.Boolean => Array.IndexOf(_numbers, b ? 1.0 : 0.0),
            double d when _kind is LabelKind.Number or LabelKind.Key => Array.IndexOf(_numbers, d),
            _ => -1,
        };
        return c >= 0 ? c : throw new ArgumentException(
            $"The sampling strategy names class '{value}' ({value.GetType().Name}), which label column '{Column}' does not hold; its classes are {string.Join(", ", Enumerable.Range(0, Counts.Length).Select(Describe))}.");
    }

    private string Name(int c) => _kind switch
    {
        LabelKind.Text => _texts[c]!,
        LabelKind.Boolean => _numbers[c] == 1 ? "True" : "False",
        LabelKind.Key => _texts[c] ?? $"key {_numbers[c].ToString(CultureInfo.InvariantCulture)}",
        _ => _numbers[c].ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The text values of the keys <paramref name="keys"/> where the column has text key values.</summary>
    private static string?[] KeyNames(DataViewSchema.Column label, double[] keys)
    {
        if (!label.HasKeyValues(TextDataViewType.Instance))
        {
            return new string?[keys.Length];
        }

        VBuffer<ReadOnlyMemory<char>> names = default;
        label.GetKeyValues(ref names);
        ReadOnlyMemory<char>[] dense = [.. names.DenseValues()];
        return [.. keys.Select(k => k <= dense.Length ? dense[(int)k - 1].ToString() : null)];
    }
}
