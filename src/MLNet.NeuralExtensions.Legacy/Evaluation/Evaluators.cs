using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Evaluation;

/// <summary>The metric formulas, on plain arrays; the catalogs read columns and call these.</summary>
internal static class Evaluators
{
    public static BinaryClassificationMetrics Binary(bool[] labels, double[] scores, string[] classNames)
    {
        double tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            bool predicted = scores[i] > 0;
            if (labels[i])
            {
                if (predicted) { tp++; } else { fn++; }
            }
            else if (predicted) { fp++; }
            else { tn++; }
        }

        double n = labels.Length;
        double posPrecision = Ratio(tp, tp + fp), posRecall = Ratio(tp, tp + fn);
        var matrix = new ConfusionMatrix([[tp, fn], [fp, tn]], classNames);
        return new BinaryClassificationMetrics(Auc(labels, scores), Ratio(tp + tn, n), posPrecision, posRecall, Ratio(tn, tn + fn), Ratio(tn, tn + fp),
            posPrecision + posRecall > 0 ? 2 * posPrecision * posRecall / (posPrecision + posRecall) : 0, AveragePrecision(labels, scores), matrix);
    }

    public static CalibratedBinaryClassificationMetrics Calibrated(BinaryClassificationMetrics m, bool[] labels, double[] probabilities)
    {
        double logLoss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            logLoss -= Math.Log2(labels[i] ? probabilities[i] : 1 - probabilities[i]);
        }

        logLoss /= labels.Length;
        double prior = labels.Count(l => l) / (double)labels.Length;
        double entropy = prior is <= 0 or >= 1 ? 0 : -(prior * Math.Log2(prior)) - ((1 - prior) * Math.Log2(1 - prior));
        return new CalibratedBinaryClassificationMetrics(m, logLoss, (entropy - logLoss) / entropy, entropy);
    }

    /// <summary>Exact ROC AUC by the Mann–Whitney statistic, ties counting one half.</summary>
    public static double Auc(bool[] labels, double[] scores)
    {
        int positives = labels.Count(l => l), negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(labels), $"AUC needs both classes; the labels hold {positives} positive and {negatives} negative rows.");
        }

        int[] order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        double rankSumPositives = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            double averageRank = ((start + end) / 2.0) + 1;
            for (int k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    rankSumPositives += averageRank;
                }
            }

            start = end + 1;
        }

        return (rankSumPositives - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>Average precision: Σ (R_k − R_{k−1}) P_k over distinct score thresholds, highest first.</summary>
    public static double AveragePrecision(bool[] labels, double[] scores)
    {
        int positives = labels.Count(l => l);
        if (positives == 0)
        {
            return 0;
        }

        int[] order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        double tp = 0, seen = 0, previousRecall = 0, ap = 0;
        for (int k = 0; k < order.Length; k++)
        {
            seen++;
            if (labels[order[k]])
            {
                tp++;
            }

            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]])
            {
                continue;
            }

            double recall = tp / positives;
            ap += (recall - previousRecall) * (tp / seen);
            previousRecall = recall;
        }

        return ap;
    }

    public static MulticlassClassificationMetrics Multiclass(int[] labels, float[][] scores, int topK, string[] classNames)
    {
        int classes = classNames.Length;
        var counts = Enumerable.Range(0, classes).Select(_ => new double[classes]).ToArray();
        var perClassLoss = new double[classes];
        var perClassCount = new double[classes];
        var topKHits = new double[Math.Max(topK, 0)];
        double correct = 0, logLoss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            float[] s = scores[i];
            int label = labels[i];
            int predicted = 0;
            for (int c = 1; c < s.Length; c++)
            {
                if (s[c] > s[predicted])
                {
                    predicted = c;
                }
            }

            double loss = label < s.Length ? -Math.Log(Math.Clamp(s[label], 1e-15, 1.0)) : -Math.Log(1e-15);
            logLoss += loss;
            if (label >= classes)
            {
                continue;
            }

            counts[label][predicted]++;
            perClassLoss[label] += loss;
            perClassCount[label]++;
            if (predicted == label)
            {
                correct++;
            }

            int rank = 0;
            for (int c = 0; c < s.Length; c++)
            {
                if (s[c] > s[label] || (s[c] == s[label] && c < label))
                {
                    rank++;
                }
            }

            for (int k = rank; k < topKHits.Length; k++)
            {
                topKHits[k]++;
            }
        }

        double n = labels.Length;
        var present = Enumerable.Range(0, classes).Where(c => perClassCount[c] > 0).ToArray();
        double macro = present.Average(c => counts[c][c] / perClassCount[c]);
        double entropy = -present.Sum(c => perClassCount[c] / n * Math.Log(perClassCount[c] / n));
        logLoss /= n;
        return new MulticlassClassificationMetrics(correct / n, macro, logLoss, (entropy - logLoss) / entropy, topK,
            topKHits.Select(h => h / n).ToArray(),
            Enumerable.Range(0, classes).Select(c => perClassCount[c] > 0 ? perClassLoss[c] / perClassCount[c] : double.NaN).ToArray(),
            new ConfusionMatrix(counts, classNames));
    }

    public static RegressionMetrics Regression(double[] labels, double[] scores)
    {
        double n = labels.Length, absolute = 0, squared = 0, sum = 0, sumSquares = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double e = labels[i] - scores[i];
            absolute += Math.Abs(e);
            squared += e * e;
            sum += labels[i];
            sumSquares += labels[i] * labels[i];
        }

        double total = sumSquares - (sum * sum / n);
        return new RegressionMetrics(absolute / n, squared / n, total > 0 ? 1 - (squared / total) : double.NaN);
    }

    public static ClusteringMetrics Clustering(float[][] scores, double[]? labels, float[][]? features)
    {
        int n = scores.Length;
        int[] clusters = scores.Select(s => Array.IndexOf(s, s.Min())).ToArray();
        double averageDistance = scores.Average(s => (double)s.Min());
        double nmi = labels is null ? double.NaN : NormalizedMutualInformation(labels, clusters);
        double dbi = features is null ? double.NaN : DaviesBouldin(features, clusters);
        return new ClusteringMetrics(nmi, averageDistance, dbi);
    }

    public static AnomalyDetectionMetrics Anomaly(bool[] labels, double[] scores, int falsePositiveCount)
    {
        int anomalies = labels.Count(l => l);
        double detected = 0, falsePositives = 0;
        foreach (int i in Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]))
        {
            if (labels[i])
            {
                detected++;
            }
            else if (++falsePositives > falsePositiveCount)
            {
                break;
            }
        }

        return new AnomalyDetectionMetrics(Auc(labels, scores), anomalies > 0 ? detected / anomalies : 0);
    }

    private static double NormalizedMutualInformation(double[] labels, int[] clusters)
    {
        double n = labels.Length;
        var joint = new Dictionary<(double, int), double>();
        var classCounts = new Dictionary<double, double>();
        var clusterCounts = new Dictionary<int, double>();
        for (int i = 0; i < labels.Length; i++)
        {
            joint[(labels[i], clusters[i])] = joint.GetValueOrDefault((labels[i], clusters[i])) + 1;
            classCounts[labels[i]] = classCounts.GetValueOrDefault(labels[i]) + 1;
            clusterCounts[clusters[i]] = clusterCounts.GetValueOrDefault(clusters[i]) + 1;
        }

        double mutual = joint.Sum(kv => kv.Value / n * Math.Log(kv.Value * n / (classCounts[kv.Key.Item1] * clusterCounts[kv.Key.Item2])));
        double entropy = -classCounts.Values.Sum(c => c / n * Math.Log(c / n));
        return entropy > 0 ? mutual / entropy : double.NaN;
    }

    private static double DaviesBouldin(float[][] features, int[] clusters)
    {
        int[] ids = clusters.Distinct().Order().ToArray();
        int d = features[0].Length;
        var centroids = ids.ToDictionary(id => id, id =>
        {
            var members = Enumerable.Range(0, features.Length).Where(i => clusters[i] == id).ToArray();
            return Enumerable.Range(0, d).Select(j => members.Average(i => (double)features[i][j])).ToArray();
        });
        var scatter = ids.ToDictionary(id => id, id => Enumerable.Range(0, features.Length).Where(i => clusters[i] == id).Average(i => Distance(features[i], centroids[id])));
        if (ids.Length < 2)
        {
            return 0;
        }

        return ids.Average(a => ids.Where(b => b != a).Max(b =>
        {
            double separation = Distance(centroids[a], centroids[b]);
            return separation > 0 ? (scatter[a] + scatter[b]) / separation : 0;
        }));
    }

    private static double Distance(float[] x, double[] c) => Math.Sqrt(c.Select((v, j) => (x[j] - v) * (x[j] - v)).Sum());

    private static double Distance(double[] x, double[] c) => Math.Sqrt(c.Select((v, j) => (x[j] - v) * (x[j] - v)).Sum());

    private static double Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : 0;
}
