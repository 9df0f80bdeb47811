import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface SeriesSpec {
  readonly label: string;
  readonly stroke: string;
  readonly width?: number;
  readonly dash?: number[];
}

export interface LineChart {
  /** Appends a point: x (the step) and one value per series (`null` for a gap). */
  push(x: number, values: readonly (number | null)[]): void;
  /** Sets series `series`'s value at the last point (e.g. a test result for this step). */
  setLast(series: number, value: number): void;
  clear(): void;
}

/**
 * A uPlot line chart of values against the training step that fills its container's width
 * and redraws at most once per animation frame, however fast points arrive.
 */
export function createLineChart(
  container: HTMLElement,
  options: { title: string; series: readonly SeriesSpec[]; range?: [number, number] },
): LineChart {
  const columns: (number | null)[][] = [[], ...options.series.map(() => [])];
  const height = 220;
  const plot = new uPlot(
    {
      title: options.title,
      width: Math.max(200, container.clientWidth),
      height,
      scales: {
        x: { time: false },
        ...(options.range === undefined ? {} : { y: { range: options.range } }),
      },
      axes: [{ label: 'step' }, {}],
      series: [
        { label: 'step' },
        ...options.series.map((s) => ({
          label: s.label,
          stroke: s.stroke,
          width: s.width ?? 1.5,
          ...(s.dash === undefined ? {} : { dash: s.dash }),
          spanGaps: true,
          points: { show: false },
        })),
      ],
      legend: { live: false },
    },
    columns as uPlot.AlignedData,
    container,
  );
  new ResizeObserver(() => {
    plot.setSize({ width: Math.max(200, container.clientWidth), height });
  }).observe(container);

  let pending = false;
  const redraw = () => {
    pending = false;
    plot.setData(columns as uPlot.AlignedData);
  };
  const schedule = () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(redraw);
    }
  };
  return {
    push(x, values) {
      columns[0]!.push(x);
      values.forEach((v, i) => {
        columns[i + 1]!.push(v);
      });
      schedule();
    },
    setLast(series, value) {
      const column = columns[series + 1]!;
      if (column.length === 0) return;
      column[column.length - 1] = value;
      schedule();
    },
    clear() {
      for (const column of columns) column.length = 0;
      redraw();
    },
  };
}
