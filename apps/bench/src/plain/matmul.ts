// Row-major matrix products with i-k-j loops, the plain-JS baseline every peer is held to.

/** out[m×n] = a[m×k] · b[k×n]. */
export function matmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number) {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      const bRow = p * n;
      for (let j = 0; j < n; j++) out[row + j] = out[row + j]! + aip * b[bRow + j]!;
    }
  }
  return out;
}

/** out[k×n] = aᵀ · b for a[m×k], b[m×n]. */
export function matmulTransposeA(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
) {
  const out = new Float32Array(k * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      const row = p * n;
      const bRow = i * n;
      for (let j = 0; j < n; j++) out[row + j] = out[row + j]! + aip * b[bRow + j]!;
    }
  }
  return out;
}

/** out[m×k] = a · bᵀ for a[m×n], b[k×n]. */
export function matmulTransposeB(
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
) {
  const out = new Float32Array(m * k);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc += a[i * n + j]! * b[p * n + j]!;
      out[i * k + p] = acc;
    }
  }
  return out;
}
