// ReLU and its gradient, in place on typed arrays.

/** ReLU in place. */
export function reluInPlace(x: Float32Array) {
  for (let i = 0; i < x.length; i++) if (x[i]! < 0) x[i] = 0;
}

/** ReLU's gradient in place, from its output y: zero where y is not positive. */
export function reluBackwardInPlace(dy: Float32Array, y: Float32Array) {
  for (let i = 0; i < dy.length; i++) if (y[i]! <= 0) dy[i] = 0;
}
