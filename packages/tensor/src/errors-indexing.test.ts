// Index, gather/scatter, conv2d and pooling mistakes.
import { describe, it } from 'vitest';
import { ones, tensor } from './creation.js';
import { DTypeError, IndexError, ShapeError, ValueError } from './errors.js';
import { conv2d } from './ops/conv2d.js';
import { gather, scatterAdd } from './ops/gather.js';
import { oneHot } from './ops/one-hot.js';
import { avgPool2d, maxPool2d } from './ops/pool2d.js';
import { expectTensorError, matrix } from './testing/expect-tensor-error.js';

describe('indexing', () => {
  it('gather with out-of-range indices is an IndexError naming the index and size', () => {
    const x = matrix();
    const indices = tensor(new Int32Array([0, 2]));
    expectTensorError(() => gather(x, indices), IndexError, 'gather', 'indices', ['2', 'size 2']);
    expectTensorError(() => gather(x, [-3]), IndexError, 'gather', 'indices', ['-3', 'size 2']);
    expectTensorError(() => gather(x, [3], 1), IndexError, 'gather', 'indices', ['3', 'size 3']);
  });

  it('gather with float indices is a DTypeError', () => {
    const x = matrix();
    const indices = tensor([0, 1]);
    expectTensorError(() => gather(x, indices), DTypeError, 'gather', 'indices', [
      'int32',
      'float32',
    ]);
    expectTensorError(() => gather(x, [0.5]), DTypeError, 'gather', 'indices', ['float32']);
  });

  it('scatterAdd with out-of-range indices is an IndexError', () => {
    const x = matrix();
    const updates = ones([1, 3]);
    expectTensorError(() => scatterAdd(x, [5], updates), IndexError, 'scatterAdd', 'indices', [
      '5',
      'size 2',
    ]);
  });

  it('scatterAdd with float indices is a DTypeError', () => {
    const x = matrix();
    const updates = ones([1, 3]);
    const indices = tensor([0]);
    expectTensorError(() => scatterAdd(x, indices, updates), DTypeError, 'scatterAdd', 'indices', [
      'float32',
    ]);
    expectTensorError(() => scatterAdd(x, [0.5], updates), DTypeError, 'scatterAdd', 'indices', [
      'float32',
    ]);
  });

  it('scatterAdd with a wrongly shaped update is a ShapeError naming the shapes', () => {
    const x = matrix();
    const updates = ones([2, 3]);
    const indices = tensor(new Int32Array([0]));
    expectTensorError(() => scatterAdd(x, indices, updates), ShapeError, 'scatterAdd', 'updates', [
      '[2, 3]',
      '[1, 3]',
      '[1]',
    ]);
  });

  it('oneHot with an index outside [0, depth) is a ValueError', () => {
    expectTensorError(() => oneHot([0, 3], 3), ValueError, 'oneHot', 'indices', ['3', 'depth 3']);
    const negative = tensor(new Int32Array([-1]));
    expectTensorError(() => oneHot(negative, 3), ValueError, 'oneHot', 'indices', [
      '-1',
      'depth 3',
    ]);
  });
});

describe('conv2d and pooling', () => {
  it('conv2d with the wrong ranks is a ShapeError naming the shape', () => {
    const x3 = ones([1, 2, 3]);
    const w = ones([1, 2, 1, 1]);
    expectTensorError(() => conv2d(x3, w), ShapeError, 'conv2d', 'x', ['[1, 2, 3]', '4-D']);
    const x = ones([1, 2, 3, 3]);
    const w3 = ones([1, 2, 1]);
    expectTensorError(() => conv2d(x, w3), ShapeError, 'conv2d', 'w', ['[1, 2, 1]', '4-D']);
  });

  it('conv2d with a channel mismatch is a ShapeError naming both channel counts', () => {
    const x = ones([1, 2, 3, 3]);
    const w = ones([1, 3, 1, 1]);
    expectTensorError(() => conv2d(x, w), ShapeError, 'conv2d', 'w', [
      '[1, 3, 1, 1]',
      '2 channels',
      'expected 2',
    ]);
  });

  it('conv2d with groups not dividing the channels is a ShapeError', () => {
    const x = ones([1, 3, 3, 3]);
    const w = ones([2, 1, 1, 1]);
    expectTensorError(() => conv2d(x, w, { groups: 2 }), ShapeError, 'conv2d', 'groups', [
      '2',
      '(3)',
      '(2)',
    ]);
  });

  it('conv2d with a kernel larger than the input is a ShapeError naming both sizes', () => {
    const x = ones([1, 1, 3, 3]);
    const w = ones([1, 1, 4, 4]);
    expectTensorError(() => conv2d(x, w), ShapeError, 'conv2d', 'w', ['4x4', '3x3']);
  });

  it('pooling with padding above half the kernel is a ValueError', () => {
    const x = ones([1, 1, 4, 4]);
    expectTensorError(
      () => maxPool2d(x, { kernelSize: 2, padding: 2 }),
      ValueError,
      'maxPool2d',
      'padding',
      ['2'],
    );
    expectTensorError(
      () => avgPool2d(x, { kernelSize: [3, 3], padding: [1, 2] }),
      ValueError,
      'avgPool2d',
      'padding',
      ['[1,2]', '[3,3]'],
    );
  });
});
