using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>Helpers tying column types to their batch buffers.</summary>
internal static class ColumnBuffers
{
    /// <summary>Gets the raw type of one item of a column type (the item type of a vector, the type itself otherwise).</summary>
    internal static PrimitiveDataViewType ItemType(DataViewType type) =>
        type is VectorDataViewType v ? v.ItemType : (PrimitiveDataViewType)type;

    /// <summary>Gets the number of items per row, or 0 for variable-size vectors.</summary>
    internal static int Width(DataViewType type) => type is VectorDataViewType v ? v.Size : 1;

    /// <summary>Creates an empty buffer for a column type.</summary>
    internal static ColumnBuffer Create(DataViewType type) =>
        (ColumnBuffer)Activator.CreateInstance(typeof(ColumnBuffer<>).MakeGenericType(ItemType(type).RawType))!;
}
