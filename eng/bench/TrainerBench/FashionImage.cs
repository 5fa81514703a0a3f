using Microsoft.ML;
using Microsoft.ML.Data;

namespace TrainerBench;

/// <summary>One Fashion-MNIST image as an ML.NET row: the 784 pixels in [0, 1] and the class as a key of 10 values.</summary>
internal sealed class FashionImage
{
    /// <summary>Gets or sets the pixels, row after row.</summary>
    [VectorType(784)]
    public float[] Features { get; set; } = [];

    /// <summary>Gets or sets the class, 0-9. (<c>LoadFromEnumerable</c> reads a key field as zero-based: the key's value
    /// in the data view is the field + 1, and a field of 9 is the key's tenth value.)</summary>
    [KeyType(10)]
    public uint Label { get; set; }

    /// <summary>Reads split <paramref name="split"/> ("train" or "t10k") and hands its rows to ML.NET's
    /// <c>LoadFromEnumerable</c>; also returns the pixels and classes (0-9) as the arrays they were read into.</summary>
    public static (IDataView View, float[] Pixels, float[] Classes) Load(MLContext ml, string split)
    {
        var (pixels, classes, count) = EngineBench.FashionMnist.Load(EngineBench.FashionMnist.Directory(), split);
        var rows = new FashionImage[count];
        for (int i = 0; i < count; i++)
        {
            rows[i] = new FashionImage { Features = pixels.AsSpan(i * 784, 784).ToArray(), Label = (uint)classes[i] };
        }

        return (ml.Data.LoadFromEnumerable(rows), pixels, classes);
    }
}
