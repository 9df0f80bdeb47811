import { ValueError } from '@gradkit/tensor';
import { Accuracy } from './metrics/accuracy.js';
import { Loss } from './metrics/loss.js';
import type { Metric } from './metrics/metric.js';
import { TopKCategoricalAccuracy } from './metrics/top-k-categorical-accuracy.js';

/** Metrics by name (MindSpore's dict), or names of built-in ones (MindSpore's set of strings). */
export type MetricsLike = Readonly<Record<string, Metric>> | readonly string[];

const BUILT_IN: Record<string, () => Metric> = {
  accuracy: () => new Accuracy(),
  acc: () => new Accuracy(),
  loss: () => new Loss(),
  top_1_accuracy: () => new TopKCategoricalAccuracy(1),
  top_5_accuracy: () => new TopKCategoricalAccuracy(5),
};

/**
 * Model's `metrics` as `{ name: Metric }`: a dict as given, or names of built-in metrics
 * (accuracy, acc, loss, top_1_accuracy, top_5_accuracy), each a new instance.
 *
 * For example, `resolveMetrics(['accuracy', 'loss'])` is `{ accuracy: new Accuracy(), loss: new Loss() }`.
 */
export function resolveMetrics(metrics: MetricsLike | undefined): Record<string, Metric> {
  if (metrics === undefined) return {};
  if (Array.isArray(metrics)) {
    return Object.fromEntries(
      metrics.map((name: string) => {
        const make = BUILT_IN[name];
        if (make === undefined) {
          throw new ValueError(
            'Model',
            'metrics',
            `has an unknown metric '${name}' (known: ${Object.keys(BUILT_IN).join(', ')})`,
          );
        }
        return [name, make()];
      }),
    );
  }
  return { ...(metrics as Record<string, Metric>) };
}
