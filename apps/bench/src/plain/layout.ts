// Layout changes: between the convolutions' [channels, batch, h, w] ("CNHW") activations and
// the dense layers' [batch, channels·h·w] rows, flattened in NCHW order (c, h, w) as
// gradkit's Flatten; and the plain matrix transpose.

/** [C, B, hw] → [B, C·hw]. */
export function cnhwToRows(x: Float32Array, channels: number, batch: number, hw: number) {
  const rows = new Float32Array(x.length);
  const width = channels * hw;
  for (let c = 0; c < channels; c++) {
    for (let b = 0; b < batch; b++) {
      const from = (c * batch + b) * hw;
      const to = b * width + c * hw;
      for (let i = 0; i < hw; i++) rows[to + i] = x[from + i]!;
    }
  }
  return rows;
}

/** [B, C·hw] → [C, B, hw], cnhwToRows's inverse. */
export function rowsToCnhw(rows: Float32Array, channels: number, batch: number, hw: number) {
  const x = new Float32Array(rows.length);
  const width = channels * hw;
  for (let c = 0; c < channels; c++) {
    for (let b = 0; b < batch; b++) {
      const to = (c * batch + b) * hw;
      const from = b * width + c * hw;
      for (let i = 0; i < hw; i++) x[to + i] = rows[from + i]!;
    }
  }
  return x;
}

/** [rows × cols] → [cols × rows]. */
export function transpose(a: Float32Array, rows: number, cols: number) {
  const out = new Float32Array(a.length);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
  return out;
}
