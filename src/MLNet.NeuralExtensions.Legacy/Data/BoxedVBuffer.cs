namespace MLNet.NeuralExtensions.Data;

/// <summary>Reads the items of a VBuffer held as <see cref="object"/> (annotation values, whose item type is known only at run time).</summary>
internal static class BoxedVBuffer
{
    public static object[] DenseItems(object vbuffer) =>
        ((System.Collections.IEnumerable)vbuffer.GetType().GetMethod(nameof(VBuffer<int>.DenseValues))!.Invoke(vbuffer, null)!).Cast<object>().ToArray();
}
