using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Internal.Utilities;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Forecasting;

/// <summary>
/// A series with an <see cref="LstmForecastingTransformer"/>'s columns added. Every cursor starts from the forecaster's
/// window and passes once over the source in order, adding each row's observation to its window before the row's
/// forecast is read: the view cannot shuffle and gives one cursor, however many are asked for. A cursor that reads no
/// forecast column reads the source only.
/// </summary>
/// <remarks>The view is an ML.NET data transform so that ML.NET's ONNX converter, walking the pipeline back from its
/// end, reaches it and fails with its message, rather than stopping there with a warning and writing a graph without it.</remarks>
internal sealed class ForecastingDataView : ITransformCanSaveOnnx
{
    private readonly IHost _host;
    private readonly LstmForecastingTransformer _forecaster;
    private readonly DataViewSchema.Column _series;

    public ForecastingDataView(IHost host, LstmForecastingTransformer forecaster, IDataView source, DataViewSchema.Column series)
    {
        _host = host;
        _forecaster = forecaster;
        _series = series;
        Source = source;
        Schema = forecaster.GetOutputSchema(source.Schema);
    }

    /// <inheritdoc/>
    public IDataView Source { get; }

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public bool CanShuffle => false;

    /// <inheritdoc/>
    public long? GetRowCount() => Source.GetRowCount();

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        bool[] active = Utils.BuildArray(Schema.Count, columnsNeeded);
        int inputs = Source.Schema.Count;
        bool forecasts = Array.IndexOf(active, true, inputs) >= 0;
        IEnumerable<DataViewSchema.Column> needed = Source.Schema.Where(c => active[c.Index] || (forecasts && c.Index == _series.Index));
        return new Cursor(this, Source.GetRowCursor(needed), active, forecasts ? _forecaster.CreateWindow() : null);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    // ML.NET's model catalog saves transformers, not the data views they make; the forecaster's view has no loader of
    // its own, so it refuses to be saved rather than write what could not be read back.
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw _host.ExceptNotSupp($"The data view of {nameof(LstmForecastingTransformer)} is not saved by itself; save the transformer (mlContext.Model.Save).");

    // True so that the converter calls SaveAsOnnx, which says why there is no ONNX form; false would only leave a
    // warning on ML.NET's channel and a graph that drops the forecaster and the transforms before it.
    bool ICanSaveOnnx.CanSaveOnnx(OnnxContext ctx) => true;

    void ISaveAsOnnx.SaveAsOnnx(OnnxContext ctx) =>
        throw new NotSupportedException($"{nameof(LstmForecastingTransformer)} ('{_forecaster.OutputColumnName}' from '{_forecaster.InputColumnName}') has no ONNX form: each row's forecast depends on the rows before it, and an ONNX model maps each row on its own. Save it as an ML.NET model (mlContext.Model.Save) instead.");

    private sealed class Cursor : LinkedRowRootCursorBase
    {
        private readonly LstmForecastingTransformer _forecaster;
        private readonly ForecastWindow? _window;
        private readonly ValueGetter<float>? _series;

        public Cursor(ForecastingDataView parent, DataViewRowCursor input, bool[] active, ForecastWindow? window)
            : base(parent._host, input, parent.Schema, active)
        {
            _forecaster = parent._forecaster;
            _window = window;
            _series = window is null ? null : input.GetGetter<float>(parent._series);
        }

        public override long Batch => Input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => Input.GetIdGetter();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _forecaster.GetGetter<TValue>(Input, column, _window);

        protected override bool MoveNextCore()
        {
            if (!Input.MoveNext())
            {
                return false;
            }

            if (_window is not null)
            {
                float value = 0f;
                _series!(ref value);
                _window.Add(value, Input.Position, "row");
            }

            return true;
        }
    }
}
