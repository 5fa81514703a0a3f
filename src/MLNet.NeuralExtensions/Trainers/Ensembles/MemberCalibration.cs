using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Gives a binary model without a probability (a raw score, such as <c>SdcaNonCalibrated</c>'s, <c>AveragedPerceptron</c>'s
/// or <c>LinearSvm</c>'s) one, where the ensemble needs probabilities (soft voting, bagging, the stacking meta-model):
/// ML.NET's Platt calibrator (<c>PlattCalibratorTrainer</c>, the sigmoid ML.NET's own trainers calibrate with) fitted on
/// the model's scores of the rows it trained on, wrapped as ML.NET wraps calibrated models
/// (<c>CalibratorUtils.CreateCalibratedPredictor</c>), so that it saves, loads and exports as theirs do.
/// </summary>
internal static class MemberCalibration
{
    /// <summary>The calibrated prediction transformer of <paramref name="member"/>.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="channel">The training channel.</param>
    /// <param name="member">The binary member without a probability.</param>
    /// <param name="trainSchema">The schema of the data it trained on.</param>
    /// <param name="scores">Its scores of its training rows.</param>
    /// <param name="positive">Whether each of those rows is positive.</param>
    public static ISingleFeaturePredictionTransformer<object> Calibrate(IHostEnvironment env, IChannel channel, ISingleFeaturePredictionTransformer<object> member,
        DataViewSchema trainSchema, ReadOnlySpan<float> scores, Func<int, bool> positive)
    {
        ICalibratorTrainer trainer = new PlattCalibratorTrainer(env);
        for (int i = 0; i < scores.Length; i++)
        {
            trainer.ProcessTrainingExample(scores[i], positive(i), 1f);
        }

        ICalibrator calibrator = trainer.FinishTraining(channel);
        IPredictorProducing<float> calibrated = CalibratorUtils.CreateCalibratedPredictor(env, (IPredictorProducing<float>)member.Model, calibrator);
        return new BinaryPredictionTransformer<IPredictorProducing<float>>(env, calibrated, trainSchema, member.FeatureColumnName);
    }
}
