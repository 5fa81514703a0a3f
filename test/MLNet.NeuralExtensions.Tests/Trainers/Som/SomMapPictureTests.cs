using System.Buffers.Binary;
using System.IO.Compression;
using System.Xml.Linq;
using Microsoft.ML;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Som;

/// <summary>The U-matrix and hit-map pictures, as PNG and SVG, and their atomic writing.</summary>
[TestClass]
public sealed class SomMapPictureTests
{
    [TestMethod]
    [DataRow(SomTopology.Rectangular)]
    [DataRow(SomTopology.Hexagonal)]
    public void TheUMatrixAndHitMapAreDrawnAsPngAndSvg(SomTopology topology)
    {
        var ml = new MLContext(1);
        var (train, _) = SomTestData.Split(ml);
        SomModelParameters model = ml.Clustering.Trainers.Som(new SomOptions { Width = 5, Height = 4, Topology = topology, Epochs = 2, Seed = 1 }).Fit(train).Model;
        using var files = new TempFiles();

        string png = files.PathOf("umatrix.png");
        model.SaveMap(png, SomMapKind.UMatrix, cellSize: 10);
        var (width, height, pixels) = ReadPng(png);
        Assert.AreEqual(topology == SomTopology.Rectangular ? (50, 40) : (55, 38), (width, height), "picture size");
        float[] u = model.GetUMatrix();
        int darkest = Array.IndexOf(u, u.Max()), lightest = Array.IndexOf(u, u.Min());
        Assert.AreEqual((8, 48, 107), Pixel(pixels, width, CellCentre(model, darkest, 10)), "the largest value is darkest");
        Assert.AreEqual((247, 251, 255), Pixel(pixels, width, CellCentre(model, lightest, 10)), "the smallest value is lightest");

        string svg = files.PathOf("hits.svg");
        model.SaveMap(svg, SomMapKind.HitMap);
        XElement[] cells = [.. XDocument.Load(svg).Descendants().Where(e => e.Name.LocalName == "polygon")];
        Assert.HasCount(20, cells);
        Assert.AreEqual(topology == SomTopology.Rectangular ? 4 : 6, cells[0].Attribute("points")!.Value.Split(' ').Length, "corners per cell");
        for (int node = 0; node < 20; node++)
        {
            StringAssert.EndsWith(cells[node].Value, $": {model.HitCounts[node]}", $"node {node}'s title gives its hits");
        }

        Assert.AreEqual(train.GetRowCount(), model.HitCounts.Sum(), "every training row is a hit");
    }

    [TestMethod]
    public void AFailedSaveLeavesNoFileAndKeepsAnExistingOne()
    {
        var ml = new MLContext(1);
        var (train, _) = SomTestData.Split(ml);
        SomModelParameters model = ml.Clustering.Trainers.Som(new SomOptions { Width = 3, Height = 3, Epochs = 1, Seed = 1 }).Fit(train).Model;
        using var files = new TempFiles();

        var wrongExtension = Assert.ThrowsExactly<ArgumentException>(() => model.SaveMap(files.PathOf("map.jpg")));
        StringAssert.Contains(wrongExtension.Message, "map.jpg");
        Assert.IsFalse(File.Exists(files.PathOf("map.jpg")));

        // A directory in the way of the final move: the write fails, the temporary file is removed, nothing is left.
        Directory.CreateDirectory(files.PathOf("blocked.png"));
        Assert.ThrowsExactly<IOException>(() => model.SaveMap(files.PathOf("blocked.png")));
        Assert.IsEmpty(Directory.GetFiles(files.Root, "*.tmp", SearchOption.AllDirectories), "no temporary file is left");

        // An existing picture is replaced only by a complete one.
        string existing = files.PathOf("umatrix.svg");
        model.SaveMap(existing);
        byte[] before = File.ReadAllBytes(existing);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.SaveMap(existing, cellSize: 1));
        CollectionAssert.AreEqual(before, File.ReadAllBytes(existing));
    }

    private static (int X, int Y) CellCentre(SomModelParameters model, int node, int cell)
    {
        int column = node % model.Width, row = node / model.Width;
        return model.Topology == SomTopology.Rectangular
            ? ((column * cell) + (cell / 2), (row * cell) + (cell / 2))
            : ((int)((column + (row % 2 * 0.5) + 0.5) * cell), (int)((row * Math.Sqrt(3) / 2 * cell) + (cell / Math.Sqrt(3))));
    }

    private static (int R, int G, int B) Pixel(byte[] pixels, int width, (int X, int Y) at)
    {
        int i = (at.Y * ((width * 3) + 1)) + 1 + (at.X * 3);
        return (pixels[i], pixels[i + 1], pixels[i + 2]);
    }

    // Reads an RGB PNG, checking its signature and every chunk's CRC; returns the filtered scanlines.
    private static (int Width, int Height, byte[] Pixels) ReadPng(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        CollectionAssert.AreEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, file[..8], "PNG signature");
        int width = 0, height = 0;
        var data = new MemoryStream();
        for (int at = 8; at < file.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            Assert.AreEqual(BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 8 + length)), Crc32.Compute(file.AsSpan(at + 4, length + 4)), $"{type} CRC");
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at + 8)), BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at + 12)));
                Assert.AreEqual(2, file[at + 17], "RGB colour type");
            }
            else if (type == "IDAT")
            {
                data.Write(file, at + 8, length);
            }

            at += length + 12;
        }

        data.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        Assert.AreEqual(height * ((width * 3) + 1), inflated.Length, "scanline bytes");
        return (width, height, inflated.ToArray());
    }
}
