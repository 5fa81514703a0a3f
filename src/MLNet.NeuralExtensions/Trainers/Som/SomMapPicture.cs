using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Draws one value per node of a map as a picture: squares or pointy-top hexagons in the grid's layout, coloured
/// from light (the smallest value) to dark blue (the largest). Writes PNG (RGB, deflated) or SVG (each cell titled with
/// its node and value), atomically.</summary>
internal static class SomMapPicture
{
    private static readonly double s_root3 = Math.Sqrt(3);

    /// <summary>Writes the picture to <paramref name="path"/>, whose extension (.png or .svg) picks the format.</summary>
    public static void Write(string path, SomGrid grid, float[] values, int cellSize)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".png" or ".svg"))
        {
            throw new ArgumentException($"A map picture is written as .png or .svg; '{path}' has neither extension.", nameof(path));
        }

        var cells = new Cells(grid, cellSize);
        Func<int, (byte R, byte G, byte B)> colour = Colours(values);
        AtomicFile.Write(path, stream =>
        {
            if (extension == ".png")
            {
                WritePng(stream, cells, colour);
            }
            else
            {
                WriteSvg(stream, cells, values, colour);
            }
        });
    }

    /// <summary>The PNG picture's bytes, for a page that embeds it.</summary>
    public static byte[] Png(SomGrid grid, float[] values, int cellSize)
    {
        using var stream = new MemoryStream();
        WritePng(stream, new Cells(grid, cellSize), Colours(values));
        return stream.ToArray();
    }

    /// <summary>Each node's colour: light for the smallest value, dark blue for the largest.</summary>
    private static Func<int, (byte R, byte G, byte B)> Colours(float[] values)
    {
        float low = values.Min(), high = values.Max();
        return node =>
        {
            double t = high > low ? (values[node] - low) / (high - low) : 0;
            return ((byte)(247 + ((8 - 247) * t)), (byte)(251 + ((48 - 251) * t)), (byte)(255 + ((107 - 255) * t)));
        };
    }

    private static void WritePng(Stream stream, Cells cells, Func<int, (byte R, byte G, byte B)> colour)
    {
        int width = cells.PixelWidth, height = cells.PixelHeight;
        var raw = new byte[height * ((width * 3) + 1)];
        for (int y = 0; y < height; y++)
        {
            int rowStart = y * ((width * 3) + 1);
            for (int x = 0; x < width; x++)
            {
                int node = cells.NodeAt(x + 0.5, y + 0.5);
                var (r, g, b) = node < 0 ? ((byte)255, (byte)255, (byte)255) : colour(node);
                int at = rowStart + 1 + (x * 3);
                (raw[at], raw[at + 1], raw[at + 2]) = (r, g, b);
            }
        }

        stream.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = 2; // RGB
        WriteChunk(stream, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            WriteChunk(stream, "IDAT", compressed.ToArray());
        }

        WriteChunk(stream, "IEND", []);
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        stream.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32.Compute(typed));
        stream.Write(length);
    }

    private static void WriteSvg(Stream stream, Cells cells, float[] values, Func<int, (byte R, byte G, byte B)> colour)
    {
        var svg = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{cells.PixelWidth}\" height=\"{cells.PixelHeight}\" viewBox=\"0 0 {cells.PixelWidth} {cells.PixelHeight}\">\n");
        for (int node = 0; node < values.Length; node++)
        {
            var (r, g, b) = colour(node);
            string points = string.Join(" ", cells.Corners(node).Select(p => string.Create(c, $"{p.X:0.##},{p.Y:0.##}")));
            svg.Append(c, $"  <polygon points=\"{points}\" fill=\"#{r:x2}{g:x2}{b:x2}\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>node {node} (column {node % cells.Grid.Width}, row {node / cells.Grid.Width}): {values[node]:G6}</title></polygon>\n");
        }

        svg.Append("</svg>\n");
        stream.Write(Encoding.UTF8.GetBytes(svg.ToString()));
    }

    /// <summary>Where each node's cell lies in the picture: squares of the cell size, or hexagons whose centres are the
    /// cell size apart.</summary>
    private sealed class Cells(SomGrid grid, int size)
    {
        private readonly bool _hexagonal = grid.Topology == SomTopology.Hexagonal;

        public SomGrid Grid => grid;

        public int PixelWidth => _hexagonal ? (int)Math.Ceiling((grid.Width + (grid.Height > 1 ? 0.5 : 0)) * size) : grid.Width * size;

        public int PixelHeight => _hexagonal ? (int)Math.Ceiling((((grid.Height - 1) * s_root3 / 2) + (2 / s_root3)) * size) : grid.Height * size;

        /// <summary>The node whose cell holds pixel point (x, y), or −1 for the background.</summary>
        public int NodeAt(double x, double y)
        {
            double half = size / 2.0;
            for (int node = 0; node < grid.NodeCount; node++)
            {
                var (cx, cy) = Centre(node);
                double dx = Math.Abs(x - cx), dy = Math.Abs(y - cy);
                bool inside = _hexagonal ? dx <= half && (dx * 0.5) + (dy * s_root3 / 2) <= half : dx <= half && dy <= half;
                if (inside)
                {
                    return node;
                }
            }

            return -1;
        }

        /// <summary>The corners of a node's cell.</summary>
        public IEnumerable<(double X, double Y)> Corners(int node)
        {
            var (cx, cy) = Centre(node);
            double half = size / 2.0;
            if (!_hexagonal)
            {
                return [(cx - half, cy - half), (cx + half, cy - half), (cx + half, cy + half), (cx - half, cy + half)];
            }

            double radius = size / s_root3;
            return Enumerable.Range(0, 6).Select(k => (cx + (radius * Math.Cos((Math.PI / 6) + (k * Math.PI / 3))), cy + (radius * Math.Sin((Math.PI / 6) + (k * Math.PI / 3)))));
        }

        private (double X, double Y) Centre(int node)
        {
            var (x, y) = grid.Position(node);
            return _hexagonal ? ((x + 0.5) * size, (y * size) + (size / s_root3)) : ((x + 0.5) * size, (y + 0.5) * size);
        }
    }
}
