namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// The geometry of a self-organizing map's grid: where each node sits, how far apart two nodes are (across the edges when
/// the grid is toroidal) and which nodes are neighbours. Node <c>row · Width + column</c> is at column, row.
/// </summary>
internal sealed class SomGrid
{
    private static readonly double s_rowStep = Math.Sqrt(3) / 2;

    public SomGrid(int width, int height, SomTopology topology, bool toroidal)
    {
        Width = width;
        Height = height;
        Topology = topology;
        Toroidal = toroidal;
    }

    public int Width { get; }

    public int Height { get; }

    public int NodeCount => Width * Height;

    public SomTopology Topology { get; }

    public bool Toroidal { get; }

    /// <summary>Where node <paramref name="node"/> sits in the plane.</summary>
    public (double X, double Y) Position(int node)
    {
        int column = node % Width, row = node / Width;
        return Topology == SomTopology.Hexagonal ? (column + (row % 2 == 1 ? 0.5 : 0), row * s_rowStep) : (column, row);
    }

    /// <summary>The Euclidean distance between two nodes' positions, the shorter way round on a torus.</summary>
    public double Distance(int a, int b)
    {
        var (dx, dy) = Offset(a, b);
        return Math.Sqrt((dx * dx) + (dy * dy));
    }

    /// <summary>Whether two different nodes touch: the 8 around a node on a rectangular grid, the 6 at distance 1 on a
    /// hexagonal one.</summary>
    public bool AreNeighbors(int a, int b)
    {
        if (a == b)
        {
            return false;
        }

        var (dx, dy) = Offset(a, b);
        return Topology == SomTopology.Hexagonal
            ? Math.Abs(Math.Sqrt((dx * dx) + (dy * dy)) - 1) < 1e-9
            : Math.Max(Math.Abs(dx), Math.Abs(dy)) < 1 + 1e-9;
    }

    /// <summary>The neighbours of <paramref name="node"/>, in node order. On either layout they lie within one column and
    /// one row of it (wrapped on a torus), so only those 8 cells are tried.</summary>
    public IEnumerable<int> Neighbors(int node)
    {
        int column = node % Width, row = node / Width;
        var candidates = new SortedSet<int>();
        for (int dr = -1; dr <= 1; dr++)
        {
            for (int dc = -1; dc <= 1; dc++)
            {
                int c = column + dc, r = row + dr;
                if (Toroidal)
                {
                    (c, r) = ((c + Width) % Width, (r + Height) % Height);
                }

                if (c >= 0 && c < Width && r >= 0 && r < Height)
                {
                    candidates.Add((r * Width) + c);
                }
            }
        }

        return candidates.Where(other => AreNeighbors(node, other));
    }

    private (double Dx, double Dy) Offset(int a, int b)
    {
        var (xa, ya) = Position(a);
        var (xb, yb) = Position(b);
        double dx = Math.Abs(xa - xb), dy = Math.Abs(ya - yb);
        if (Toroidal)
        {
            double height = Topology == SomTopology.Hexagonal ? Height * s_rowStep : Height;
            dx = Math.Min(dx, Width - dx);
            dy = Math.Min(dy, height - dy);
        }

        return (dx, dy);
    }
}
