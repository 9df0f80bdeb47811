import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Row } from './table.js';

/**
 * A bar per case and system: its median time over the baseline's, on a log axis (1 = as
 * fast as the baseline; below 1 is faster). Rendered by Vega's headless SVG renderer.
 */
export async function renderChart(rows: readonly Row[], baseline: string): Promise<string> {
  const values = rows.flatMap(({ case: c, cells }) =>
    cells
      .filter((cell) => cell.ratio !== null)
      .map((cell) => ({ case: c.id, system: cell.system, ratio: cell.ratio })),
  );
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Time relative to ${baseline} (median; lower is faster)`,
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'case', type: 'nominal', sort: null, title: null },
      yOffset: { field: 'system', type: 'nominal', sort: null },
      x: {
        field: 'ratio',
        type: 'quantitative',
        scale: { type: 'log' },
        title: `time ÷ ${baseline} (log scale)`,
      },
      color: { field: 'system', type: 'nominal', sort: null },
      tooltip: [{ field: 'system' }, { field: 'ratio', format: '.3~g' }],
    },
    width: 640,
    height: { step: 12 },
  };
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}
