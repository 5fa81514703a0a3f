using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// The Single or Double column a fitted numeric transform was fitted on: a scalar, a vector of <see cref="Width"/>
/// slots, or (width 0) a vector of any size. Scoring data must match it.
/// </summary>
internal sealed record NumericColumnType(bool IsDouble, bool IsVector, int Width)
{
    /// <summary>The shape of <paramref name="type"/>; <paramref name="anySize"/> lets a vector of another size match later.</summary>
    public static NumericColumnType Of(DataViewType type, bool anySize = false) =>
        new(ColumnBuffers.ItemType(type).RawType == typeof(double), type is VectorDataViewType, anySize && type is VectorDataViewType ? 0 : ColumnBuffers.Width(type));

    public bool Accepts(DataViewType type) =>
        ColumnBuffers.ItemType(type).RawType == (IsDouble ? typeof(double) : typeof(float)) &&
        (IsVector ? type is VectorDataViewType v && (Width == 0 || v.Size == Width) : type is not VectorDataViewType);

    /// <summary>Describes the expected type for schema errors.</summary>
    public string Describe()
    {
        string item = IsDouble ? "Double" : "Single";
        string type = !IsVector ? item : Width == 0 ? $"a vector of {item}" : $"Vector<{item}, {Width}>";
        return $"{type} (the type it was fitted on)";
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(IsDouble);
        writer.Write(IsVector);
        writer.Write(Width);
    }

    public static NumericColumnType Read(ModelLoadContext ctx)
    {
        bool isDouble = ctx.Reader.ReadBoolean();
        bool isVector = ctx.Reader.ReadBoolean();
        int width = ctx.Reader.ReadInt32();
        return width < 0 || (!isVector && width != 1)
            ? throw ctx.Error($"a {(isVector ? "vector" : "scalar")} column of width {width} is not a valid fitted type.")
            : new NumericColumnType(isDouble, isVector, width);
    }
}
