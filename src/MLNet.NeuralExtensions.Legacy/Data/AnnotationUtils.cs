using MLNet.NeuralExtensions;
namespace MLNet.NeuralExtensions.Data;

/// <summary>Names of the standard column annotations, and helpers to read and write them.</summary>
public static class AnnotationUtils
{
    /// <summary>The standard annotation names.</summary>
    public static class Kinds
    {
        /// <summary>A text vector naming each slot of a vector column.</summary>
        public const string SlotNames = "SlotNames";

        /// <summary>A vector naming each category of a key column; entry i names key value i + 1.</summary>
        public const string KeyValues = "KeyValues";

        /// <summary>Identifies the score columns produced together by one prediction transformer (UInt32).</summary>
        public const string ScoreColumnSetId = "ScoreColumnSetId";

        /// <summary>The task that produced a score column, for example "BinaryClassification" (text).</summary>
        public const string ScoreColumnKind = "ScoreColumnKind";

        /// <summary>The role of a score column: "Score", "Probability" or "PredictedLabel" (text).</summary>
        public const string ScoreValueKind = "ScoreValueKind";

        /// <summary>Marks a column whose values have been normalized (Boolean).</summary>
        public const string IsNormalized = "IsNormalized";

        /// <summary>The label values seen in training (vector).</summary>
        public const string TrainingLabelValues = "TrainingLabelValues";
    }

    /// <summary>Gets whether the column has a text slot-name annotation of its vector size.</summary>
    /// <param name="column">A schema column.</param>
    /// <returns><see langword="true"/> when slot names are present.</returns>
    public static bool HasSlotNames(this DataViewSchema.Column column) =>
        column.Type is VectorDataViewType { IsKnownSize: true } v &&
        column.Annotations.Schema.GetColumnOrNull(Kinds.SlotNames) is { Type: VectorDataViewType s } &&
        s.ItemType is TextDataViewType && s.Size == v.Size;

    /// <summary>Reads the slot names of a vector column.</summary>
    /// <param name="column">A schema column with slot names.</param>
    /// <param name="slotNames">Receives the names.</param>
    public static void GetSlotNames(this DataViewSchema.Column column, ref VBuffer<ReadOnlyMemory<char>> slotNames) =>
        column.Annotations.GetValue(Kinds.SlotNames, ref slotNames);

    /// <summary>Gets whether a key column carries a key-values annotation of its key count.</summary>
    /// <param name="column">A schema column.</param>
    /// <param name="keyValueItemType">The item type the key values must have, or <see langword="null"/> for any.</param>
    /// <returns><see langword="true"/> when key values are present.</returns>
    public static bool HasKeyValues(this DataViewSchema.Column column, PrimitiveDataViewType? keyValueItemType = null)
    {
        DataViewType type = column.Type is VectorDataViewType vt ? vt.ItemType : column.Type;
        return type is KeyDataViewType key &&
            column.Annotations.Schema.GetColumnOrNull(Kinds.KeyValues) is { Type: VectorDataViewType kv } &&
            (ulong)kv.Size == key.Count && (keyValueItemType is null || kv.ItemType.Equals(keyValueItemType));
    }

    /// <summary>Reads the key values of a key column.</summary>
    /// <typeparam name="TValue">The item type of the key values.</typeparam>
    /// <param name="column">A key column with key values.</param>
    /// <param name="keyValues">Receives the values; entry i names key i + 1.</param>
    public static void GetKeyValues<TValue>(this DataViewSchema.Column column, ref VBuffer<TValue> keyValues) =>
        column.Annotations.GetValue(Kinds.KeyValues, ref keyValues);

    /// <summary>Gets whether the column is marked as normalized.</summary>
    /// <param name="column">A schema column.</param>
    /// <returns><see langword="true"/> when the IsNormalized annotation is present and true.</returns>
    public static bool IsNormalized(this DataViewSchema.Column column) =>
        column.Annotations.TryGetRaw(Kinds.IsNormalized, out object? v) && v is true;

    /// <summary>Adds a slot-names annotation.</summary>
    /// <param name="builder">The annotations builder.</param>
    /// <param name="size">The vector size.</param>
    /// <param name="getter">Writes the names.</param>
    public static void AddSlotNames(this DataViewSchema.Annotations.Builder builder, int size, ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter) =>
        builder.Add(Kinds.SlotNames, new VectorDataViewType(TextDataViewType.Instance, size), getter);

    /// <summary>Adds a key-values annotation.</summary>
    /// <typeparam name="TValue">The raw item type of the values.</typeparam>
    /// <param name="builder">The annotations builder.</param>
    /// <param name="size">The number of keys.</param>
    /// <param name="valueType">The item type of the values.</param>
    /// <param name="getter">Writes the values.</param>
    public static void AddKeyValues<TValue>(this DataViewSchema.Annotations.Builder builder, int size, PrimitiveDataViewType valueType, ValueGetter<VBuffer<TValue>> getter) =>
        builder.Add(Kinds.KeyValues, new VectorDataViewType(valueType, size), getter);

    /// <summary>Creates annotations holding only slot names.</summary>
    internal static DataViewSchema.Annotations SlotNames(IReadOnlyList<string> names)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        var values = names.Select(n => n.AsMemory()).ToArray();
        builder.AddSlotNames(values.Length, (ref VBuffer<ReadOnlyMemory<char>> v) => v = new VBuffer<ReadOnlyMemory<char>>(values.Length, values));
        return builder.ToAnnotations();
    }
}
