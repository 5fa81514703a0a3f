using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Saves and loads the label values a sampling strategy names (string, bool, uint, float, double, int, long).</summary>
internal static class LabelValueCodec
{
    public static void Write(BinaryWriter w, object value)
    {
        switch (value)
        {
            case string s: w.Write((byte)1); w.Write(s); break;
            case bool b: w.Write((byte)2); w.Write(b); break;
            case uint u: w.Write((byte)3); w.Write(u); break;
            case float f: w.Write((byte)4); w.Write(f); break;
            case double d: w.Write((byte)5); w.Write(d); break;
            case int i: w.Write((byte)6); w.Write(i); break;
            case long l: w.Write((byte)7); w.Write(l); break;
            default: throw new NotSupportedException($"A sampling strategy cannot name a class by a {value.GetType().Name}; use string, bool, uint, float, double, int or long.");
        }
    }

    public static object Read(ModelLoadContext ctx)
    {
        byte tag = ctx.Reader.ReadByte();
        return tag switch
        {
            1 => ctx.Reader.ReadString(),
            2 => ctx.Reader.ReadBoolean(),
            3 => ctx.Reader.ReadUInt32(),
            4 => ctx.Reader.ReadSingle(),
            5 => ctx.Reader.ReadDouble(),
            6 => ctx.Reader.ReadInt32(),
            7 => ctx.Reader.ReadInt64(),
            _ => throw ctx.Error($"unknown label value tag {tag}."),
        };
    }
}
