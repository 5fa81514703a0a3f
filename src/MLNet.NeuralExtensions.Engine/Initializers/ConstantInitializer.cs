namespace MLNet.NeuralExtensions.Engine;

internal sealed class ConstantInitializer(float value) : Initializer
{
    internal override void Fill(Span<float> values, int fanIn, int fanOut, Random random) => values.Fill(value);

    public override string ToString() => value == 0f ? "Zeros" : $"Constant({value})";
}
