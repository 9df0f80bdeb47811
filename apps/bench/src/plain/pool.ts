// Non-overlapping max pooling (window = stride = k, 'valid') over independent planes, with
// the argmax kept for the backward pass. The first maximum of a window wins ties.

/** Pools `planes` planes of h × w; returns the pooled planes and each output's source index. */
export function maxPool(x: Float32Array, planes: number, h: number, w: number, k: number) {
  const oh = Math.floor(h / k);
  const ow = Math.floor(w / k);
  const y = new Float32Array(planes * oh * ow);
  const argmax = new Int32Array(planes * oh * ow);
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const plane = p * h * w;
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let best = plane + i * k * w + j * k;
        let max = x[best]!;
        for (let di = 0; di < k; di++) {
          const row = plane + (i * k + di) * w + j * k;
          for (let dj = 0; dj < k; dj++) {
            const v = x[row + dj]!;
            if (v > max) {
              max = v;
              best = row + dj;
            }
          }
        }
        y[o] = max;
        argmax[o++] = best;
      }
    }
  }
  return { y, argmax };
}

/** maxPool's gradient: each output's gradient goes to the input that won its window. */
export function maxPoolBackward(dy: Float32Array, argmax: Int32Array, inputSize: number) {
  const dx = new Float32Array(inputSize);
  for (let o = 0; o < dy.length; o++) dx[argmax[o]!] = dx[argmax[o]!]! + dy[o]!;
  return dx;
}
