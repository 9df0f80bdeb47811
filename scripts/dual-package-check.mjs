// Copied into a fresh npm project by the install test and run there: the ESM and CommonJS
// builds of @gradkit/tensor loaded side by side in one process (as when one dependency imports
// it and another requires it) must act as one engine. Exits 1 with the first failed check.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const esm = await import('@gradkit/tensor');
const cjs = require('@gradkit/tensor');
assert.notEqual(esm.Tensor, cjs.Tensor, 'the two builds should be separate copies here');

// A tensor of either copy is a tensor to the other, also as an op input.
const fromCjs = cjs.tensor([1, 2, 3]);
const fromEsm = esm.tensor([10, 20, 30]);
assert.ok(fromCjs instanceof esm.Tensor, 'a CommonJS tensor is not instanceof the ESM Tensor');
assert.ok(fromEsm instanceof cjs.Tensor, 'an ESM tensor is not instanceof the CommonJS Tensor');
assert.deepEqual(esm.add(fromCjs, fromEsm).toArray(), [11, 22, 33]);
assert.deepEqual(cjs.mul(fromCjs, fromEsm).toArray(), [10, 40, 90]);

// One backend setting.
const backend = cjs.createCpuBackend();
cjs.setBackend(backend);
assert.equal(esm.getBackend(), backend, 'setBackend through CommonJS is not seen through ESM');
assert.equal(esm.tensor([1]).backend, backend);

// One scope stack: an ESM scope owns what the CommonJS copy makes inside it.
let inner;
const kept = esm.scope(() => {
  inner = cjs.tensor([1, 2]);
  return cjs.add(inner, 1);
});
assert.ok(inner.isDisposed, 'an ESM scope did not dispose a CommonJS temporary');
assert.deepEqual(kept.toArray(), [2, 3]);

// One observer registry.
const seen = [];
esm.withPrimitiveObserver({ onPrimitive: (primitive) => seen.push(primitive) }, () =>
  cjs.mul(cjs.tensor([1]), cjs.tensor([2])),
);
assert.ok(seen.includes('mul'), 'an ESM observer did not see a CommonJS op');

// One account of buffers.
const before = esm.memory().buffers;
const counted = cjs.tensor([1, 2, 3]);
assert.equal(esm.memory().buffers, before + 1);
counted.dispose();
assert.equal(esm.memory().buffers, before);

// Gradients through autograd's ESM build of a function written with the CommonJS tensor build.
const autograd = await import('@gradkit/autograd');
const gradient = autograd.grad((x) => cjs.sum(cjs.mul(x, x)))(cjs.tensor([1, 2, 3]));
assert.deepEqual(gradient.toArray(), [2, 4, 6]);
console.log('one engine across the ESM and CommonJS builds');
