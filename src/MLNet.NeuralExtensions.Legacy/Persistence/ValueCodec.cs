using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Persistence;

/// <summary>Binary encoding of column types and of single values of them (annotations, learned dictionaries).</summary>
internal static class ValueCodec
{
    private const int MaxDimensions = 16;

    public static void WriteType(BinaryWriter w, DataViewType type)
    {
        switch (type)
        {
            case VectorDataViewType v:
                w.Write((byte)9);
                WriteType(w, v.ItemType);
                w.Write(v.Dimensions.Length);
                foreach (int d in v.Dimensions)
                {
                    w.Write(d);
                }

                break;
            case KeyDataViewType k:
                w.Write((byte)8);
                w.Write(k.Count);
                break;
            default:
                w.Write(PrimitiveCode(type));
                break;
        }
    }

    public static DataViewType ReadType(BinaryReader r)
    {
        byte code = r.ReadByte();
        switch (code)
        {
            case 9:
                var item = ReadType(r) as PrimitiveDataViewType ?? throw new FormatException("A vector's item type must be primitive.");
                int rank = r.ReadInt32();
                if (rank < 0 || rank > MaxDimensions)
                {
                    throw new FormatException($"A vector type declares {rank} dimensions.");
                }

                var dims = new int[rank];
                for (int i = 0; i < rank; i++)
                {
                    dims[i] = r.ReadInt32();
                }

                return new VectorDataViewType(item, dims);
            case 8:
                return new KeyDataViewType(typeof(uint), r.ReadUInt64());
            default:
                return PrimitiveOf(code);
        }
    }

    /// <summary>Writes a value of <paramref name="type"/> (its raw type: a primitive or a VBuffer of one).</summary>
    public static void WriteValue(BinaryWriter w, DataViewType type, object value)
    {
        if (type is VectorDataViewType v)
        {
            Type item = v.ItemType.RawType;
            object[] dense = BoxedVBuffer.DenseItems(value);
            w.Write(dense.Length);
            foreach (object x in dense)
            {
                WriteItem(w, item, x);
            }

            return;
        }

        WriteItem(w, type.RawType, value);
    }

    public static object ReadValue(BinaryReader r, DataViewType type)
    {
        if (type is not VectorDataViewType v)
        {
            return ReadItem(r, type.RawType);
        }

        int length = r.ReadInt32();
        if (length < 0 || length > r.BaseStream.Length - r.BaseStream.Position)
        {
            throw new FormatException($"A vector value declares {length} items, more than the data holds.");
        }

        Type item = v.ItemType.RawType;
        var array = Array.CreateInstance(item, length);
        for (int i = 0; i < length; i++)
        {
            array.SetValue(ReadItem(r, item), i);
        }

        return Activator.CreateInstance(typeof(VBuffer<>).MakeGenericType(item), length, array, null)!;
    }

    private static void WriteItem(BinaryWriter w, Type t, object x)
    {
        switch (x)
        {
            case float f: w.Write(f); break;
            case double d: w.Write(d); break;
            case int i: w.Write(i); break;
            case long l: w.Write(l); break;
            case uint u: w.Write(u); break;
            case bool b: w.Write(b); break;
            case ReadOnlyMemory<char> m: w.Write(m.ToString()); break;
            default: throw new NotSupportedException($"Values of type {t.Name} cannot be saved.");
        }
    }

    private static object ReadItem(BinaryReader r, Type t) =>
        t == typeof(float) ? r.ReadSingle() :
        t == typeof(double) ? r.ReadDouble() :
        t == typeof(int) ? r.ReadInt32() :
        t == typeof(long) ? r.ReadInt64() :
        t == typeof(uint) ? r.ReadUInt32() :
        t == typeof(bool) ? r.ReadBoolean() :
        t == typeof(ReadOnlyMemory<char>) ? r.ReadString().AsMemory() :
        throw new FormatException($"Values of type {t.Name} cannot be read.");

    private static byte PrimitiveCode(DataViewType type) =>
        type.Equals(NumberDataViewType.Single) ? (byte)1 :
        type.Equals(NumberDataViewType.Double) ? (byte)2 :
        type.Equals(NumberDataViewType.Int32) ? (byte)3 :
        type.Equals(NumberDataViewType.Int64) ? (byte)4 :
        type.Equals(NumberDataViewType.UInt32) ? (byte)5 :
        type is BooleanDataViewType ? (byte)6 :
        type is TextDataViewType ? (byte)7 :
        throw new NotSupportedException($"Column type {type} cannot be saved.");

    private static PrimitiveDataViewType PrimitiveOf(byte code) => code switch
    {
        1 => NumberDataViewType.Single,
        2 => NumberDataViewType.Double,
        3 => NumberDataViewType.Int32,
        4 => NumberDataViewType.Int64,
        5 => NumberDataViewType.UInt32,
        6 => BooleanDataViewType.Instance,
        7 => TextDataViewType.Instance,
        _ => throw new FormatException($"Unknown column type code {code}."),
    };
}
