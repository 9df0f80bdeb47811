import type { Graph, Step, Use } from './graph.js';

/**
 * Shares repeated work: a same-dtype `cast` (a copy, as autograd makes of its inputs) is
 * read as its input, and a step repeating an earlier one (same primitive, params and
 * inputs read as the same shapes) is read as the earlier one's output.
 */
export function eliminateCommonSubexpressions(graph: Graph): Graph {
  const canonical = graph.values.map((_, id) => id);
  const resolve = (use: Use): Use =>
    canonical[use.value] === use.value ? use : { value: canonical[use.value]!, shape: use.shape };
  const seen = new Map<string, number>();
  const steps: Step[] = [];
  for (const step of graph.steps) {
    const inputs = step.inputs.map(resolve);
    if (
      step.kind === 'primitive' &&
      step.primitive === 'cast' &&
      graph.values[inputs[0]!.value]!.dtype === graph.values[step.output]!.dtype
    ) {
      canonical[step.output] = inputs[0]!.value;
      continue;
    }
    const key = `${step.kind === 'primitive' ? step.primitive : JSON.stringify(step.expression)}|${JSON.stringify(step.kind === 'primitive' ? step.params : step.shape)}|${inputs.map((u) => `${u.value}:${u.shape.join('x')}`).join(',')}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      canonical[step.output] = earlier;
      continue;
    }
    seen.set(key, step.output);
    steps.push({ ...step, inputs });
  }
  return { ...graph, steps, outputs: graph.outputs.map((v) => canonical[v]!) };
}

/** Drops the steps whose outputs nothing returned depends on. */
export function eliminateDeadCode(graph: Graph): Graph {
  const live = new Array<boolean>(graph.values.length).fill(false);
  for (const output of graph.outputs) live[output] = true;
  const kept: Step[] = [];
  for (let i = graph.steps.length - 1; i >= 0; i--) {
    const step = graph.steps[i]!;
    if (!live[step.output]) continue;
    kept.push(step);
    for (const use of step.inputs) live[use.value] = true;
  }
  return { ...graph, steps: kept.reverse() };
}
