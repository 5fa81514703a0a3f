using System.Collections;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions;

/// <summary>
/// The loose shape of a schema used to check a pipeline before fitting: per column its name, whether it is a
/// scalar, a fixed-size or a variable-size vector, its item type and whether that is a key.
/// </summary>
public sealed class SchemaShape : IReadOnlyList<SchemaShape.Column>
{
    private readonly Column[] _columns;

    /// <summary>Creates a shape from columns.</summary>
    /// <param name="columns">The columns; a later column replaces an earlier one of the same name.</param>
    public SchemaShape(IEnumerable<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var byName = new Dictionary<string, Column>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (Column c in columns)
        {
            if (!byName.ContainsKey(c.Name))
            {
                order.Add(c.Name);
            }

            byName[c.Name] = c;
        }

        _columns = order.Select(n => byName[n]).ToArray();
    }

    /// <summary>The shape of a column's values.</summary>
    public enum VectorKind
    {
        /// <summary>One value per row.</summary>
        Scalar,

        /// <summary>A vector of fixed size.</summary>
        Vector,

        /// <summary>A vector whose size varies by row.</summary>
        VariableVector,
    }

    /// <inheritdoc/>
    public int Count => _columns.Length;

    /// <inheritdoc/>
    public Column this[int index] => _columns[index];

    /// <summary>Creates the shape of a schema (visible columns only).</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>Its shape.</returns>
    public static SchemaShape Create(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new SchemaShape(schema.Where(c => !c.IsHidden).Select(c => new Column(c.Name, KindOf(c.Type), RawItemTypeOf(c.Type), IsKeyType(c.Type),
            new SchemaShape(c.Annotations.Schema.Select(a => new Column(a.Name, KindOf(a.Type), RawItemTypeOf(a.Type), false, null))))));
    }

    /// <summary>Finds a column by name.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="column">Receives the column when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryFindColumn(string name, out Column column)
    {
        foreach (Column c in _columns)
        {
            if (c.Name == name)
            {
                column = c;
                return true;
            }
        }

        column = default;
        return false;
    }

    /// <inheritdoc/>
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static VectorKind KindOf(DataViewType type) =>
        type is VectorDataViewType v ? (v.IsKnownSize ? VectorKind.Vector : VectorKind.VariableVector) : VectorKind.Scalar;

    private static bool IsKeyType(DataViewType type) => (type is VectorDataViewType v ? v.ItemType : type) is KeyDataViewType;

    private static PrimitiveDataViewType RawItemTypeOf(DataViewType type)
    {
        PrimitiveDataViewType item = type is VectorDataViewType v ? v.ItemType : (PrimitiveDataViewType)type;
        return item is KeyDataViewType ? NumberDataViewType.UInt32 : item;
    }

    /// <summary>One column of a schema shape.</summary>
    public readonly struct Column
    {
        /// <summary>Creates a column shape.</summary>
        /// <param name="name">The column name.</param>
        /// <param name="vecKind">Scalar, vector or variable vector.</param>
        /// <param name="itemType">The item type; for keys, the raw type <see cref="NumberDataViewType.UInt32"/>.</param>
        /// <param name="isKey">Whether the items are keys.</param>
        /// <param name="annotations">The annotation shapes, or <see langword="null"/> for none.</param>
        public Column(string name, VectorKind vecKind, DataViewType itemType, bool isKey, SchemaShape? annotations = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(itemType);
            if (itemType is KeyDataViewType or VectorDataViewType)
            {
                throw new ArgumentException("The item type of a column shape is a primitive raw type, never a key or vector type.", nameof(itemType));
            }

            Name = name;
            Kind = vecKind;
            ItemType = itemType;
            IsKey = isKey;
            Annotations = annotations ?? new SchemaShape([]);
        }

        /// <summary>Gets the column name.</summary>
        public string Name { get; }

        /// <summary>Gets whether the column is a scalar, a vector or a variable vector.</summary>
        public VectorKind Kind { get; }

        /// <summary>Gets the item type (the raw type for keys).</summary>
        public DataViewType ItemType { get; }

        /// <summary>Gets whether the items are keys.</summary>
        public bool IsKey { get; }

        /// <summary>Gets the annotation shapes.</summary>
        public SchemaShape Annotations { get; }

        /// <summary>Gets whether this column is valid (not default-constructed).</summary>
        public bool IsValid => Name is not null;

        /// <summary>Gets whether the column is a vector of either kind.</summary>
        public bool IsVector => Kind != VectorKind.Scalar;

        /// <summary>Gets the type as text, as used in error messages: for example <c>Vector&lt;Single&gt;</c> or <c>Key&lt;UInt32&gt;</c>.</summary>
        /// <returns>The type description.</returns>
        public string GetTypeString()
        {
            string item = IsKey ? $"Key<{ItemType}>" : ItemType.ToString()!;
            return Kind switch
            {
                VectorKind.Vector => $"Vector<{item}>",
                VectorKind.VariableVector => $"VarVector<{item}>",
                _ => item,
            };
        }

        /// <inheritdoc/>
        public override string ToString() => $"{Name}: {GetTypeString()}";
    }
}
