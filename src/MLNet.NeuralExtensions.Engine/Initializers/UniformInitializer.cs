namespace MLNet.NeuralExtensions.Engine;

/// <summary>Draws every weight uniformly from [−limit, limit], whatever the fans.</summary>
internal sealed class UniformInitializer(float limit) : Initializer
{
    internal override void Fill(Span<float> values, int fanIn, int fanOut, Random random)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((2 * random.NextDouble()) - 1) * limit);
        }
    }
}
