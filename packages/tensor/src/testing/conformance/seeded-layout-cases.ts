// Layout, indexing and conversion on seeded inputs: each result is a rearrangement (or a
// cast) of its inputs' values, so it must match the reference exactly.
import {
  add,
  broadcastTo,
  cast,
  concat,
  gather,
  oneHot,
  pad,
  reshape,
  scatterAdd,
  slice,
  split,
  stack,
  transpose,
} from '../../index.js';
import { at, floats, indices, type SeededCase } from './seeded-case.js';

/** The seeded cases of layout, indexing and conversion ops. */
export function layoutCases(): SeededCase[] {
  return [
    {
      name: 'transpose [5, 7]',
      inputs: [floats([5, 7])],
      run: (xs) => transpose(at(xs, 0)),
    },
    {
      name: 'transpose [2, 3, 4, 5] perm [2, 0, 3, 1]',
      inputs: [floats([2, 3, 4, 5])],
      run: (xs) => transpose(at(xs, 0), [2, 0, 3, 1]),
    },
    {
      name: 'transpose [67, 130] then add (a strided read)',
      inputs: [floats([67, 130]), floats([130, 67])],
      run: (xs) => add(transpose(at(xs, 0)), at(xs, 1)),
    },
    {
      name: 'reshape [4, 6] to [2, 3, 4] then transpose',
      inputs: [floats([4, 6])],
      run: (xs) => transpose(reshape(at(xs, 0), [2, 3, 4]), [1, 2, 0]),
    },
    {
      name: 'slice [5, 6, 7] begin [1, 0, 2] size [3, -1, 4]',
      inputs: [floats([5, 6, 7])],
      run: (xs) => slice(at(xs, 0), [1, 0, 2], [3, -1, 4]),
    },
    {
      name: 'pad [3, 4] by [[1, 2], [0, 3]] with 1.5',
      inputs: [floats([3, 4])],
      run: (xs) =>
        pad(
          at(xs, 0),
          [
            [1, 2],
            [0, 3],
          ],
          1.5,
        ),
    },
    {
      name: 'concat [2, 3] [4, 3] [1, 3] axis 0',
      inputs: [floats([2, 3]), floats([4, 3]), floats([1, 3])],
      run: (xs) => concat([at(xs, 0), at(xs, 1), at(xs, 2)], 0),
    },
    {
      name: 'concat [3, 2, 4] [3, 5, 4] axis 1',
      inputs: [floats([3, 2, 4]), floats([3, 5, 4])],
      run: (xs) => concat([at(xs, 0), at(xs, 1)], 1),
    },
    {
      name: 'stack three [3, 4] axis 2',
      inputs: [floats([3, 4]), floats([3, 4]), floats([3, 4])],
      run: (xs) => stack([at(xs, 0), at(xs, 1), at(xs, 2)], 2),
    },
    {
      name: 'split [4, 9] into sizes [2, 3, 4] axis 1',
      inputs: [floats([4, 9])],
      run: (xs) => split(at(xs, 0), [2, 3, 4], 1),
    },
    {
      name: 'broadcastTo [3, 1, 5] to [2, 3, 4, 5]',
      inputs: [floats([3, 1, 5])],
      run: (xs) => broadcastTo(at(xs, 0), [2, 3, 4, 5]),
    },
    {
      name: 'gather [6, 4] rows by [9] indices',
      inputs: [floats([6, 4]), indices([9], 6)],
      run: (xs) => gather(at(xs, 0), at(xs, 1), 0),
    },
    {
      name: 'gather [3, 7, 2] by [2, 5] indices axis 1',
      inputs: [floats([3, 7, 2]), indices([2, 5], 7)],
      run: (xs) => gather(at(xs, 0), at(xs, 1), 1),
    },
    {
      name: 'scatterAdd [6, 4] by [9] repeated indices',
      inputs: [floats([6, 4]), indices([9], 6), floats([9, 4])],
      run: (xs) => scatterAdd(at(xs, 0), at(xs, 1), at(xs, 2), 0),
    },
    {
      name: 'oneHot [3, 4] indices depth 6',
      inputs: [indices([3, 4], 6)],
      run: (xs) => oneHot(at(xs, 0), 6, { onValue: 2.5, offValue: -0.5 }),
    },
    {
      name: 'cast [5, 6] to int32 (truncation)',
      inputs: [floats([5, 6])],
      run: (xs) => cast(at(xs, 0), 'int32'),
    },
    {
      name: 'cast [5, 6] to bool',
      inputs: [floats([5, 6], 'smallInt')],
      run: (xs) => cast(at(xs, 0), 'bool'),
    },
  ];
}
