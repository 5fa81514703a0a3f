namespace MLNet.NeuralExtensions.Loading;

/// <summary>
/// Reads a UTF-8 text file line by line as bytes, without decoding: each line is a window on one reused buffer,
/// valid until the next <see cref="MoveNext"/>. A line ends at "\n", "\r\n" or a lone "\r"; a UTF-8 byte order mark
/// is skipped, and a UTF-16 or UTF-32 one is refused.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private readonly FileStream _stream;
    private byte[] _buffer = new byte[1 << 18];
    private int _start;
    private int _end;
    private bool _endOfFile;

    /// <summary>Opens <paramref name="path"/> for reading from its first line.</summary>
    /// <exception cref="FormatException">The file starts with a UTF-16 or UTF-32 byte order mark.</exception>
    public Utf8LineReader(string path)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        try
        {
            while (_end < 4 && !_endOfFile)
            {
                Fill();
            }

            ReadOnlySpan<byte> head = _buffer.AsSpan(0, _end);
            if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                _start = 3;
            }
            else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
            {
                throw new FormatException($"Data file '{path}' is UTF-16 or UTF-32 text (by its byte order mark); the loader reads UTF-8. Save the file as UTF-8.");
            }
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>Gets the buffer that holds the current line.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Gets where the current line starts in <see cref="Buffer"/>.</summary>
    public int LineStart { get; private set; }

    /// <summary>Gets the current line's length in bytes, without its line break.</summary>
    public int LineLength { get; private set; }

    /// <summary>Gets the current line's 1-based number in the file, blank lines counted.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Gets the current line.</summary>
    public ReadOnlySpan<byte> Line => _buffer.AsSpan(LineStart, LineLength);

    /// <summary>Moves to the next line; false at the end of the file.</summary>
    public bool MoveNext()
    {
        int scanned = 0;
        while (true)
        {
            int found = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOfAny(Cr, Lf);
            if (found >= 0)
            {
                int lineBreak = _start + scanned + found;
                if (_buffer[lineBreak] == Cr && lineBreak + 1 == _end && !_endOfFile)
                {
                    scanned = lineBreak - _start;
                    Fill();
                    continue;
                }

                bool crLf = _buffer[lineBreak] == Cr && lineBreak + 1 < _end && _buffer[lineBreak + 1] == Lf;
                SetLine(lineBreak - _start);
                _start = lineBreak + (crLf ? 2 : 1);
                return true;
            }

            if (_endOfFile)
            {
                if (_start == _end)
                {
                    return false;
                }

                SetLine(_end - _start);
                _start = _end;
                return true;
            }

            scanned = _end - _start;
            Fill();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    private void SetLine(int length)
    {
        LineStart = _start;
        LineLength = length;
        LineNumber++;
    }

    /// <summary>Moves the unread bytes to the front, grows the buffer when a line fills it, and reads more.</summary>
    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        _endOfFile = read == 0;
        _end += read;
    }
}
