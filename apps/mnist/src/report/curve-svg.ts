import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { EpochRecord } from '../train/history.js';

/**
 * The training curve as an SVG string: train loss and test accuracy per epoch, side by side.
 * Vega renders SVG headlessly in Node (no canvas, no browser).
 */
export async function renderCurveSvg(history: readonly EpochRecord[]): Promise<string> {
  const values = history.flatMap((r) => [
    { epoch: r.epoch, metric: 'train loss', value: r.trainLoss },
    { epoch: r.epoch, metric: 'test accuracy (%)', value: r.testAccuracy * 100 },
  ]);
  const spec: vegaLite.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    facet: { column: { field: 'metric', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 280,
      height: 180,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', scale: { zero: false }, title: null },
        color: { field: 'metric', type: 'nominal', legend: null },
      },
    },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
