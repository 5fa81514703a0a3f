// Scoring throughput of an ONNX model through onnxruntime-node, in rows per second at batch 1 and batch 1024, on the
// files EngineBench's onnx-mlp / onnx-cnn modes write. Prints the same "<net> <key> <rows/s>" lines.
// Usage: node ort_node_peer.js <net> <model.onnx> <images.f32> <threads> <dims of one example, e.g. 1,28,28>
const fs = require('fs');
const ort = require('onnxruntime-node');

const [name, modelPath, imagesPath, threadsText, dimsText] = process.argv.slice(2);
const singleRows = 3000, batchRows = 1024, batches = 30;

async function rate(calls, call) {
  for (let i = 0; i < Math.max(1, Math.floor(calls / 10)); i++) await call(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await call(i);
  return calls / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function main() {
  const bytes = fs.readFileSync(imagesPath);
  const images = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const dims = dimsText.split(',').map(Number);
  const size = dims.reduce((a, d) => a * d, 1);
  const count = images.length / size;
  const threads = Number(threadsText);
  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all',
  });
  const input = session.inputNames[0];
  const run = (start, rows) => session.run({ [input]: new ort.Tensor('float32', images.subarray(start * size, (start + rows) * size), [rows, ...dims]) });
  console.log(`${name} batch1-node ${(await rate(singleRows, i => run(i % count, 1))).toFixed(0)}`);
  console.log(`${name} batch1024-node ${((await rate(batches, i => run((i % Math.floor(count / batchRows)) * batchRows, batchRows))) * batchRows).toFixed(0)}`);
}

main().catch(error => { console.error(error); process.exit(1); });
