// The runners of the neural-network ops: conv2d and pooling, and their backprop primitives,
// which have no public function and run through runPrimitive.
import { avgPool2d, conv2d, maxPool2d, runPrimitive } from '../../index.js';
import {
  avgPool2dPrimitiveParams,
  conv2dOptions,
  conv2dPrimitiveParams,
  numberList,
  pool2dOptions,
  pool2dPrimitiveParams,
} from './fixture-params.js';
import { input, type Runner } from './runner.js';

/** Runners of conv2d, max/avg pooling and their gradients' primitives. */
export const NN_RUNNERS: Readonly<Record<string, Runner>> = {
  conv2d: (xs, p) => conv2d(input(xs, 0), input(xs, 1), conv2dOptions(p, xs[2])),
  maxPool2d: (xs, p) => maxPool2d(input(xs, 0), pool2dOptions(p)),
  avgPool2d: (xs, p) => avgPool2d(input(xs, 0), pool2dOptions(p)),

  // Backprop primitives, which have no public function: called through runPrimitive.
  conv2dBackpropInput: (xs, p) => {
    const dy = input(xs, 0);
    const inputShape = numberList(p, 'inputShape');
    const params = { ...conv2dPrimitiveParams(p), inputShape };
    return runPrimitive(
      'conv2dBackpropInput',
      [dy, input(xs, 1)],
      params,
      { shape: inputShape, dtype: dy.dtype },
      ['dy', 'w'],
    );
  },
  conv2dBackpropFilter: (xs, p) => {
    const x = input(xs, 0);
    const filterShape = numberList(p, 'filterShape');
    const params = { ...conv2dPrimitiveParams(p), filterShape };
    return runPrimitive(
      'conv2dBackpropFilter',
      [x, input(xs, 1)],
      params,
      { shape: filterShape, dtype: x.dtype },
      ['x', 'dy'],
    );
  },
  maxPool2dBackprop: (xs, p) => {
    const x = input(xs, 0);
    return runPrimitive(
      'maxPool2dBackprop',
      [x, input(xs, 1)],
      pool2dPrimitiveParams(p),
      { shape: x.shape, dtype: x.dtype },
      ['x', 'dy'],
    );
  },
  avgPool2dBackprop: (xs, p) => {
    const dy = input(xs, 0);
    const inputShape = numberList(p, 'inputShape');
    const params = { ...avgPool2dPrimitiveParams(p), inputShape };
    return runPrimitive('avgPool2dBackprop', [dy], params, { shape: inputShape, dtype: dy.dtype }, [
      'dy',
    ]);
  },
};
