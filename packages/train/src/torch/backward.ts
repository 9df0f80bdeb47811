import { customVjp, type VjpFunction, vjp } from '@gradkit/autograd';
import {
  add,
  keep,
  onesLike,
  scope,
  Tensor,
  type TreeDef,
  tree,
  ValueError,
  zerosLike,
} from '@gradkit/tensor';
import { describe, Parameter } from '../parameter/parameter.js';

/** What `recording` watches: Parameters, or anything with `parameters` (an optimizer). */
export type Recorded = Iterable<Parameter> | { readonly parameters: readonly Parameter[] };

interface Graph {
  readonly params: readonly Parameter[];
  readonly outputs: readonly Tensor[];
  readonly structure: TreeDef<unknown, never>;
  readonly pullback: VjpFunction<[Tensor[]], unknown>;
  /** The parameters the current backward pass reached (PyTorch leaves the others' grad alone). */
  readonly reached: Set<Parameter>;
  released: boolean;
}

// Each tensor fn returned, to the graph it came from: what `backward(loss)` looks up.
const graphs = new WeakMap<Tensor, Graph>();

function parameterList(op: string, params: Recorded): Parameter[] {
  // Optimizers are callable (functions), so both kinds of object are looked into.
  const holder =
    params !== null &&
    (typeof params === 'object' || typeof params === 'function') &&
    'parameters' in params;
  const source = holder ? (params as { parameters: unknown }).parameters : params;
  if (source === null || typeof source !== 'object' || !(Symbol.iterator in source)) {
    throw new ValueError(
      op,
      'params',
      `must be Parameters or an optimizer, got ${describe(params)}`,
    );
  }
  const list = [...new Set(source as Iterable<unknown>)];
  list.forEach((param, i) => {
    if (!(param instanceof Parameter)) {
      throw new ValueError(op, `params[${i}]`, `must be a Parameter, got ${describe(param)}`);
    }
  });
  return list as Parameter[];
}

/**
 * Runs `fn` (which reads `param.value` as usual) while autograd records it with respect to
 * `params`, and returns fn's result: a loss tensor, or a tree of tensors. `backward(t)` on
 * any tensor of that result then adds the gradients into `param.grad`. This is PyTorch's
 * implicit graph made explicit: gradkit differentiates functions, so the region whose graph
 * `backward` walks is the call to `fn`.
 *
 * The recorded graph holds fn's intermediates until `backward` (without `retainGraph`)
 * releases them, or until the result is garbage collected.
 *
 * @example
 * ```ts
 * import { tensor } from '@gradkit/tensor';
 * import { Dense, MSELoss } from '@gradkit/train';
 * import { backward, recording, SGD } from '@gradkit/train/torch';
 *
 * const model = new Dense(2, 1);
 * const mseLoss = new MSELoss();
 * const optimizer = new SGD(model.trainableParams(), { lr: 0.1 });
 * optimizer.zeroGrad();
 * const loss = recording(optimizer, () => mseLoss(model(tensor([[1, 2]])), tensor([[1]])));
 * backward(loss);
 * optimizer.step();
 * ```
 */
export function recording<T>(params: Recorded, fn: () => T): T {
  const op = 'recording';
  if (typeof fn !== 'function')
    throw new ValueError(op, 'fn', `must be a function, got ${describe(fn)}`);
  const list = parameterList(op, params);
  const reached = new Set<Parameter>();
  // An identity with a gradient rule that notes which parameters the backward pass reaches:
  // autograd gives unreached inputs zeros, PyTorch leaves their grad untouched.
  const marks = list.map((param) =>
    customVjp((x: Tensor) => x, {
      forward: (x: Tensor) => [x, null] as const,
      backward: (_residual: null, g: Tensor) => {
        reached.add(param);
        return [g];
      },
    }),
  );
  const [result, pullback] = vjp(
    (values: Tensor[]) => {
      list.forEach((param, i) => {
        param.bind(marks[i]!(values[i]!));
      });
      try {
        return fn() as unknown;
      } finally {
        for (let i = list.length - 1; i >= 0; i--) list[i]!.unbind();
      }
    },
    list.map((param) => param.value),
  );
  const [outputs, structure] = tree.flatten(result) as [Tensor[], TreeDef<unknown, never>];
  const graph: Graph = { params: list, outputs, structure, pullback, reached, released: false };
  for (const output of outputs) graphs.set(output, graph);
  return result as T;
}

/** `backward`'s options, PyTorch's `gradient` and `retain_graph`. */
export interface BackwardOptions {
  /** The cotangent of `tensor` (PyTorch's `gradient`); needed when it is not a scalar. */
  readonly gradient?: Tensor;
  /** Keep the graph for another backward through it (default false: it is released). */
  readonly retainGraph?: boolean;
}

/**
 * PyTorch's `tensor.backward()`: adds the gradient of `tensor` (a result of `recording`)
 * with respect to each recorded parameter into `param.grad`, by accumulation (call
 * `optimizer.zeroGrad()` between steps). Parameters the backward pass does not reach keep
 * their grad (null stays null, so the optimizer skips them). The parameter owns its grad.
 *
 * @example
 * ```ts
 * import { mul, sum, tensor } from '@gradkit/tensor';
 * import { backward, Parameter, recording } from '@gradkit/train/torch';
 *
 * const w = new Parameter(tensor([1, 2]), 'w');
 * backward(recording([w], () => sum(mul(w.value, w.value))));
 * w.grad?.toArray(); // [2, 4]: d(Σw²)/dw = 2w
 * ```
 */
export function backward(tensor: Tensor, options: BackwardOptions = {}): void {
  const op = 'backward';
  if (!(tensor instanceof Tensor)) {
    throw new ValueError(op, 'tensor', `must be a Tensor, got ${describe(tensor)}`);
  }
  const graph = graphs.get(tensor);
  if (graph === undefined) {
    throw new ValueError(
      op,
      'tensor',
      'element 0 of tensors does not require grad and does not have a grad_fn: compute it inside recording(params, fn)',
    );
  }
  if (graph.released) {
    throw new ValueError(
      op,
      'tensor',
      'Trying to backward through the graph a second time: its saved values were freed by the first backward; pass { retainGraph: true } to the first one',
    );
  }
  const { gradient } = options;
  if (gradient === undefined && tensor.size !== 1) {
    throw new ValueError(op, 'tensor', 'grad can be implicitly created only for scalar outputs');
  }
  if (gradient !== undefined && gradient.shape.join() !== tensor.shape.join()) {
    throw new ValueError(
      op,
      'gradient',
      `has shape [${gradient.shape.join(', ')}] but the tensor has shape [${tensor.shape.join(', ')}]`,
    );
  }
  graph.reached.clear();
  const grads = scope(() => {
    const cotangent = graph.outputs.map((output) =>
      output === tensor ? (gradient ?? onesLike(output)) : zerosLike(output),
    );
    const [gradsOfValues] = graph.pullback(tree.unflatten(graph.structure, cotangent)) as [
      Tensor[],
    ];
    return gradsOfValues;
  });
  graph.params.forEach((param, i) => {
    const g = grads[i]!;
    if (!graph.reached.has(param)) {
      g.dispose();
      return;
    }
    const previous = param.grad;
    param.grad = keep(previous === null ? g : scope(() => add(previous, g)));
    if (previous !== null) {
      previous.dispose();
      g.dispose();
    }
  });
  if (!(options.retainGraph ?? false)) {
    graph.released = true;
    graph.pullback.dispose();
  }
}
