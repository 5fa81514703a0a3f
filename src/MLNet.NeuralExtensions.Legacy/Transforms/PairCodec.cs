using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Saves and loads the column names of a transform: lists of names and input/output pairs.</summary>
internal static class PairCodec
{
    public static void Write(BinaryWriter w, IReadOnlyList<InputOutputColumnPair> pairs)
    {
        w.Write(pairs.Count);
        foreach (InputOutputColumnPair p in pairs)
        {
            w.Write(p.OutputColumnName);
            w.Write(p.InputColumnName);
        }
    }

    public static InputOutputColumnPair[] Read(ModelLoadContext ctx)
    {
        int count = ctx.Reader.ReadInt32();
        ctx.CheckCount(count, "columns");
        var pairs = new InputOutputColumnPair[count];
        for (int i = 0; i < count; i++)
        {
            pairs[i] = new InputOutputColumnPair(ctx.Reader.ReadString(), ctx.Reader.ReadString());
        }

        return pairs;
    }

    public static void WriteNames(BinaryWriter w, IReadOnlyList<string> names)
    {
        w.Write(names.Count);
        foreach (string n in names)
        {
            w.Write(n);
        }
    }

    public static string[] ReadNames(ModelLoadContext ctx)
    {
        int count = ctx.Reader.ReadInt32();
        ctx.CheckCount(count, "column names");
        return [.. Enumerable.Range(0, count).Select(_ => ctx.Reader.ReadString())];
    }
}
