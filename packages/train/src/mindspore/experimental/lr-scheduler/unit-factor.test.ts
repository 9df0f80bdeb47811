import { tensor, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../../parameter/parameter.js';
import { SGD } from '../sgd.js';
import { ConstantLR } from './constant-lr.js';
import { LinearLR } from './linear-lr.js';

function sgd() {
  return new SGD([new Parameter(tensor([1, 2]), 'w')], { lr: 0.1 });
}

describe('multiplicative factors outside [0, 1]', () => {
  it.each([
    ['ConstantLR factor 1.5', (o: SGD) => new ConstantLR(o, { factor: 1.5 }), 'Constant'],
    ['LinearLR startFactor -0.1', (o: SGD) => new LinearLR(o, { startFactor: -0.1 }), 'Starting'],
    ['LinearLR endFactor 2', (o: SGD) => new LinearLR(o, { endFactor: 2 }), 'Ending'],
  ])('%s is refused with PyTorch wording, before the lr changes', (_, make, description) => {
    const optimizer = sgd();
    expect(() => make(optimizer)).toThrow(ValueError);
    expect(() => make(optimizer)).toThrow(
      `${description} multiplicative factor expected to be between 0 and 1.`,
    );
    expect(optimizer.paramGroups[0]!.lr).toBe(0.1);
  });

  it('takes the bounds themselves', () => {
    expect(new ConstantLR(sgd(), { factor: 0 }).factor).toBe(0);
    expect(new LinearLR(sgd(), { startFactor: 1, endFactor: 0 }).endFactor).toBe(0);
  });
});
