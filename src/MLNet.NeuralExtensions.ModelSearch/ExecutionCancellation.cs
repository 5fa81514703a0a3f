using System.Reflection;
using Microsoft.ML;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>
/// Stops ML.NET's own trainers (FastTree, LightGbm, SDCA…) in the middle of training: ML.NET 5.0.1 has
/// <c>MLContext.CancelExecution</c>, which its components check between iterations, but keeps it internal (its AutoML
/// package calls it). It is reached by reflection; where a version lacks it, a trial of ML.NET's trainers runs to its
/// end and only this package's networks stop at the deadline.
/// </summary>
internal static class ExecutionCancellation
{
    private static readonly MethodInfo? CancelExecution =
        typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes);

    /// <summary>Whether <paramref name="e"/> is a cancellation, itself or as ML.NET passes it on from its workers (in an
    /// AggregateException or as the inner exception of its wrapper).</summary>
    public static bool IsCancellation(Exception e) => e switch
    {
        OperationCanceledException => true,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsCancellation),
        { InnerException: { } inner } => IsCancellation(inner),
        _ => false,
    };

    /// <summary>Cancels <paramref name="ml"/>'s execution when <paramref name="token"/> is cancelled.</summary>
    /// <returns>The registration, to dispose when the trial ends.</returns>
    public static CancellationTokenRegistration Link(MLContext ml, CancellationToken token) =>
        CancelExecution is null ? default : token.Register(() => CancelExecution.Invoke(ml, null));
}
