using System.Collections;

using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions;

/// <summary>
/// The columns of an <see cref="IDataView"/>, in order. When several columns share a name, the last one
/// is visible by that name and the earlier ones are hidden (still present, reachable by index).
/// </summary>
public sealed partial class DataViewSchema : IReadOnlyList<DataViewSchema.Column>
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, int> _byName;

    private DataViewSchema(IReadOnlyList<DetachedColumn> columns)
    {
        _columns = new Column[columns.Count];
        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Count; i++)
        {
            _byName[columns[i].Name] = i;
        }

        for (int i = 0; i < columns.Count; i++)
        {
            DetachedColumn c = columns[i];
            _columns[i] = new Column(c.Name, i, _byName[c.Name] != i, c.Type, c.Annotations);
        }
    }

    /// <summary>Gets the number of columns, hidden ones included.</summary>
    public int Count => _columns.Length;

    /// <summary>Gets the column at <paramref name="columnIndex"/>.</summary>
    /// <param name="columnIndex">A column index in [0, <see cref="Count"/>).</param>
    public Column this[int columnIndex] => _columns[columnIndex];

    /// <summary>Gets the visible column named <paramref name="name"/>.</summary>
    /// <param name="name">The column name (case-sensitive).</param>
    /// <exception cref="ArgumentOutOfRangeException">No column has that name.</exception>
    public Column this[string name] =>
        GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(name), $"Column '{name}' not found; the schema has {Describe()}.");

    /// <summary>Gets the visible column named <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The column name (case-sensitive).</param>
    /// <returns>The column, or <see langword="null"/> when there is none.</returns>
    public Column? GetColumnOrNull(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out int i) ? _columns[i] : null;
    }

    /// <inheritdoc/>
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => $"{Count} columns";

    /// <summary>Creates a schema from detached columns, in order.</summary>
    internal static DataViewSchema Create(IReadOnlyList<DetachedColumn> columns) => new(columns);

    /// <summary>Lists the visible columns with their types, for error messages.</summary>
    internal string Describe()
    {
        var visible = _columns.Where(c => !c.IsHidden).Select(c => $"'{c.Name}' ({c.Type})").ToArray();
        return visible.Length == 0 ? "no columns" : "columns " + string.Join(", ", visible);
    }

    /// <summary>One column of a schema.</summary>
    public readonly struct Column
    {
        internal Column(string name, int index, bool isHidden, DataViewType type, Annotations annotations)
        {
            Name = name;
            Index = index;
            IsHidden = isHidden;
            Type = type;
            Annotations = annotations;
        }

        /// <summary>Gets the column name.</summary>
        public string Name { get; }

        /// <summary>Gets the position of the column in its schema.</summary>
        public int Index { get; }

        /// <summary>Gets whether a later column of the same schema has the same name.</summary>
        public bool IsHidden { get; }

        /// <summary>Gets the column type.</summary>
        public DataViewType Type { get; }

        /// <summary>Gets the column's annotations (slot names, key values, ...).</summary>
        public Annotations Annotations { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{Name} ({Index}): {Type}";
    }

    /// <summary>A column that belongs to no schema yet: a name, a type and annotations.</summary>
    public readonly struct DetachedColumn
    {
        /// <summary>Creates a detached column.</summary>
        /// <param name="name">The column name.</param>
        /// <param name="type">The column type.</param>
        /// <param name="annotations">The annotations; <see langword="null"/> (the default) for none.</param>
        public DetachedColumn(string name, DataViewType type, Annotations? annotations = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(type);
            Name = name;
            Type = type;
            Annotations = annotations ?? Annotations.Empty;
        }

        /// <summary>Creates a detached copy of a schema column.</summary>
        /// <param name="column">The column to copy.</param>
        public DetachedColumn(Column column) : this(column.Name, column.Type, column.Annotations)
        {
        }

        /// <summary>Gets the column name.</summary>
        public string Name { get; }

        /// <summary>Gets the column type.</summary>
        public DataViewType Type { get; }

        /// <summary>Gets the annotations.</summary>
        public Annotations Annotations { get; }
    }

    /// <summary>Builds a <see cref="DataViewSchema"/> column by column.</summary>
    public sealed class Builder
    {
        private readonly List<DetachedColumn> _columns = [];

        /// <summary>Adds a column.</summary>
        /// <param name="name">The column name.</param>
        /// <param name="type">The column type.</param>
        /// <param name="annotations">The annotations; <see langword="null"/> (the default) for none.</param>
        public void AddColumn(string name, DataViewType type, Annotations? annotations = null) =>
            _columns.Add(new DetachedColumn(name, type, annotations));

        /// <summary>Adds copies of schema columns.</summary>
        /// <param name="columns">The columns to add, in order.</param>
        public void AddColumns(IEnumerable<Column> columns)
        {
            ArgumentNullException.ThrowIfNull(columns);
            foreach (Column c in columns)
            {
                _columns.Add(new DetachedColumn(c));
            }
        }

        /// <summary>Adds detached columns.</summary>
        /// <param name="columns">The columns to add, in order.</param>
        public void AddColumns(IEnumerable<DetachedColumn> columns)
        {
            ArgumentNullException.ThrowIfNull(columns);
            _columns.AddRange(columns);
        }

        /// <summary>Creates the schema.</summary>
        /// <returns>A schema holding the columns added so far.</returns>
        public DataViewSchema ToSchema() => new(_columns.ToArray());
    }
}
