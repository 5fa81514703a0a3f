namespace MLNet.NeuralExtensions.Loading;

/// <summary>
/// The lines of one batch copied out of the reader, so that parts of the batch can be parsed at the same time: their
/// bytes back to back, where each starts, its length and its line number in the file. The bytes array always has
/// at least 16 bytes after the last line, which field parsers may read and ignore.
/// </summary>
internal sealed class LineBlock
{
    private const int Slack = 16;
    private byte[] _bytes = new byte[1 << 16];
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private int[] _numbers = new int[64];
    private int _used;

    /// <summary>Gets the number of lines held.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the bytes of every line held.</summary>
    public byte[] Bytes => _bytes;

    /// <summary>Gets where line <paramref name="i"/> starts in <see cref="Bytes"/>.</summary>
    public int StartOf(int i) => _starts[i];

    /// <summary>Gets the length in bytes of line <paramref name="i"/>.</summary>
    public int LengthOf(int i) => _lengths[i];

    /// <summary>Gets the 1-based number in the file of line <paramref name="i"/>.</summary>
    public int NumberOf(int i) => _numbers[i];

    /// <summary>Forgets every line.</summary>
    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    /// <summary>Appends a copy of <paramref name="line"/>, line <paramref name="number"/> of the file.</summary>
    public void Add(ReadOnlySpan<byte> line, int number)
    {
        if (_used + line.Length + Slack > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + line.Length + Slack));
        }

        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _lengths, Count * 2);
            Array.Resize(ref _numbers, Count * 2);
        }

        line.CopyTo(_bytes.AsSpan(_used));
        _starts[Count] = _used;
        _lengths[Count] = line.Length;
        _numbers[Count] = number;
        _used += line.Length;
        Count++;
    }
}
