using System.Globalization;
using System.Text;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Loading;

namespace MLNet.NeuralExtensions.Tests;

/// <summary>The text loader reads UTF-8 bytes: its number fast path, line endings, encodings, separators and parallel parsing.</summary>
[TestClass]
public sealed class TextLoaderBytesTests
{
    private sealed class NamedPair
    {
        public string Name { get; set; } = string.Empty;

        [VectorType(2)]
        public float[] Values { get; set; } = [];
    }

    private sealed class Vector
    {
        public float[] X { get; set; } = [];
    }

    [TestMethod]
    public void The_plain_decimal_fast_path_gives_the_same_bits_as_dotnets_parser()
    {
        var random = new Random(7);
        string[] edges =
        [
            "0", "-0", "+3", "1.", ".5", "-.25", "00012.5000", "16777216", "16777217", "16777219", "33554434", "16777217.0000001",
            "9007199254740993", "1e10", "1E-10", "2.5e+3", "123456789012345678", "1234567890123456789012", "0.000000000000000000001",
            "3.4028235e38", "1.17549435e-38", "99999999.99999999", "12345678.9", "123456789.5", "4.9406564584124654e-324",
        ];
        IEnumerable<string> texts = edges.Concat(Enumerable.Range(0, 100_000).Select(_ => RandomDecimal(random)));
        int singles = 0;
        int doubles = 0;
        int cases = 0;
        foreach (string text in texts)
        {
            cases++;
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            byte[] padded = [.. bytes, .. "0123456789abcdef"u8];
            foreach (byte[] buffer in new[] { bytes, padded })
            {
                if (PlainDecimalParser.TryParseSingle(buffer, bytes.Length, out float single))
                {
                    singles++;
                    Assert.AreEqual(BitConverter.SingleToInt32Bits(float.Parse(text, CultureInfo.InvariantCulture)), BitConverter.SingleToInt32Bits(single), $"Single '{text}'");
                }

                if (PlainDecimalParser.TryParseDouble(buffer, bytes.Length, out double number))
                {
                    doubles++;
                    Assert.AreEqual(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(number), $"Double '{text}'");
                }
            }
        }

        // The fast path must take the common shapes, or the comparison above proves nothing.
        Assert.IsGreaterThan(cases, singles, "singles accepted");
        Assert.IsGreaterThan(cases, doubles, "doubles accepted");
        Assert.IsFalse(PlainDecimalParser.TryParseSingle("16777217"u8, 8, out _), "a tie after rounding to double must go to .NET's parser");
        Assert.IsFalse(PlainDecimalParser.TryParseSingle("1.5 "u8, 4, out _), "white space is .NET's parser's to judge");
    }

    [TestMethod]
    public void Line_endings_a_byte_order_mark_quotes_trimming_and_long_lines_read_as_written()
    {
        using var files = new TempFiles();
        string longText = new('x', 600_000);
        byte[] content = [.. new byte[] { 0xEF, 0xBB, 0xBF }, .. Encoding.UTF8.GetBytes(
            $"name,a,b\r\n\"x, \"\"y\"\"\", 1.5 ,2\n\nzoë,-3,4e1\r{longText},,?\r\n  \r\n\"\",0.1,7")];
        string path = Path.Combine(files.Root, "mixed.csv");
        File.WriteAllBytes(path, content);
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromTextFile(path, new TextLoader.Options
        {
            Columns = [new TextLoader.Column("Name", DataKind.String, 0), new TextLoader.Column("Values", DataKind.Single, 1, 2)],
            Separators = [','],
            HasHeader = true,
            AllowQuoting = true,
            TrimWhitespace = true,
        });

        NamedPair[] rows = ml.Data.CreateEnumerable<NamedPair>(data, reuseRowObject: false).ToArray();
        float[][] values = rows.Select(r => r.Values).ToArray();
        CollectionAssert.AreEqual(new[] { "x, \"y\"", "zoë", longText, string.Empty }, rows.Select(r => r.Name).ToArray());
        CollectionAssert.AreEqual(new[] { 1.5f, 2f }, values[0]);
        CollectionAssert.AreEqual(new[] { -3f, 40f }, values[1]);
        Assert.IsTrue(float.IsNaN(values[2][0]) && float.IsNaN(values[2][1]), "empty and '?' are missing");
        CollectionAssert.AreEqual(new[] { 0.1f, 7f }, values[3]);
        VBuffer<ReadOnlyMemory<char>> slots = default;
        data.Schema["Values"].GetSlotNames(ref slots);
        CollectionAssert.AreEqual(new[] { "a", "b" }, slots.DenseValues().Select(s => s.ToString()).ToArray());
    }

    [TestMethod]
    public void A_separator_of_several_bytes_and_several_separators_split_as_characters()
    {
        using var files = new TempFiles();
        string path = files.Write("multi.txt", "1¦2;3\n4¦5;6\n");
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromTextFile(path, new TextLoader.Options
        {
            Columns = [new TextLoader.Column("X", DataKind.Single, 0, 2)],
            Separators = ['¦', ';'],
        });

        float[][] rows = ml.Data.CreateEnumerable<Vector>(data, reuseRowObject: false).Select(r => r.X).ToArray();
        CollectionAssert.AreEqual(new[] { 1f, 2f, 3f }, rows[0]);
        CollectionAssert.AreEqual(new[] { 4f, 5f, 6f }, rows[1]);
    }

    [TestMethod]
    public void A_utf16_file_is_refused_by_name()
    {
        using var files = new TempFiles();
        string path = Path.Combine(files.Root, "wide.csv");
        File.WriteAllText(path, "1,2\n", Encoding.Unicode);
        var ml = new MLContext(1);
        var e = Assert.ThrowsExactly<FormatException>(() => ml.Data.LoadFromTextFile(path, [new TextLoader.Column("X", DataKind.Single, 0, 1)], ','));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "UTF-16");
    }

    [TestMethod]
    public void The_first_bad_line_of_a_batch_parsed_in_parts_is_the_one_reported()
    {
        using var files = new TempFiles();
        // Lines 1500 and 3777 are both bad and in one batch of 4096, in different parts on two or more processors.
        var lines = Enumerable.Range(1, 5000).Select(i => i switch { 1500 => "1", 3777 => "1,oops", _ => $"{i},{i * 0.5}" });
        string path = files.Write("many.csv", string.Join('\n', lines));
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromTextFile(path, [new TextLoader.Column("X", DataKind.Single, 0, 1)], ',');

        var e = Assert.ThrowsExactly<FormatException>(() =>
        {
            using DataViewBatchCursor cursor = data.GetBatchCursor([data.Schema["X"]], batchSize: 4096);
            while (cursor.MoveNext())
            {
            }
        });
        StringAssert.Contains(e.Message, "line 1500");
        StringAssert.Contains(e.Message, "found 1 fields, expected 2");

        string good = files.Write("good.csv", string.Join('\n', Enumerable.Range(1, 3000).Select(i => $"{i},{i * 0.5}")));
        IDataView goodData = ml.Data.LoadFromTextFile(good, [new TextLoader.Column("X", DataKind.Single, 0, 1)], ',');
        float[] firstColumn = ml.Data.CreateEnumerable<Vector>(goodData, reuseRowObject: false).Select(r => r.X[0]).ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(1, 3000).Select(i => (float)i).ToArray(), firstColumn, "rows land in file order");
    }

    private static string RandomDecimal(Random random)
    {
        var text = new StringBuilder();
        text.Append(random.Next(4) switch { 0 => "-", 1 => "+", _ => string.Empty });
        text.Append(Digits(random, random.Next(0, 11)));
        if (random.Next(3) > 0)
        {
            text.Append('.').Append(Digits(random, random.Next(0, 13)));
        }

        if (random.Next(4) == 0)
        {
            text.Append(random.Next(2) == 0 ? 'e' : 'E').Append(random.Next(3) switch { 0 => "-", 1 => "+", _ => string.Empty }).Append(random.Next(0, 45));
        }

        string result = text.ToString();
        return result.Any(char.IsAsciiDigit) ? result : "0";
    }

    private static string Digits(Random random, int count) => new(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))).ToArray());
}
