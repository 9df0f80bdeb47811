import {
  add,
  matmul,
  mean,
  mul,
  type RandomKey,
  random,
  scope,
  square,
  sub,
  type Tensor,
} from '@gradkit/tensor';

export interface Problem {
  readonly features: Tensor;
  readonly targets: Tensor;
  readonly trueWeights: Tensor;
  readonly trueBias: number;
}

/** y = X w* + b* + noise, with X ~ N(0, 1): a problem whose answer we know. */
export function makeProblem(
  key: RandomKey,
  examples: number,
  trueWeights: Tensor,
  trueBias: number,
  noise: number,
): Problem {
  const [featureKey, noiseKey] = random.split(key);
  const features = random.normal(featureKey!, [examples, trueWeights.shape[0]!]);
  const targets = scope(() =>
    add(
      add(matmul(features, trueWeights), trueBias),
      random.normal(noiseKey!, [examples], { std: noise }),
    ),
  );
  return { features, targets, trueWeights, trueBias };
}

export interface LinearModel {
  readonly weights: Tensor;
  readonly bias: Tensor;
}

/** Mean squared error of the model on the problem. */
export function loss(model: LinearModel, problem: Problem): Tensor {
  return scope(() =>
    mean(square(sub(add(matmul(problem.features, model.weights), model.bias), problem.targets))),
  );
}

/**
 * One step of gradient descent on the mean squared error. The gradient is written by hand
 * (2/N X^T r for the weights, the mean of 2r for the bias) since this demo uses tensor ops only.
 */
export function step(model: LinearModel, problem: Problem, learningRate: number): LinearModel {
  return scope(() => {
    const residual = sub(add(matmul(problem.features, model.weights), model.bias), problem.targets);
    const examples = problem.features.shape[0]!;
    const weightGrad = mul(matmul(problem.features, residual, { transposeA: true }), 2 / examples);
    const biasGrad = mul(mean(residual), 2);
    return {
      weights: sub(model.weights, mul(weightGrad, learningRate)),
      bias: sub(model.bias, mul(biasGrad, learningRate)),
    };
  });
}
