import type { Digits } from '../data/digits.js';
import type { EpochRecord } from '../train/history.js';
import { confusionMatrix } from './confusion-matrix.js';
import { digitPngDataUri } from './digit-png.js';

export interface ReportInput {
  readonly title: string;
  /** Lines describing the run (model, optimizer, ...). */
  readonly settings: Readonly<Record<string, string | number>>;
  readonly history: readonly EpochRecord[];
  readonly curveSvg: string;
  readonly test: Digits;
  readonly predictions: Int32Array;
  /** How many misclassified digits to show at most. */
  readonly maxMistakes?: number;
}

const escape = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function confusionTable(test: Digits, predictions: Int32Array): string {
  const counts = confusionMatrix(test.labels, predictions);
  const max = Math.max(...counts.flat());
  const head = `<tr><th>actual \\ predicted</th>${counts.map((_, p) => `<th>${p}</th>`).join('')}</tr>`;
  const rows = counts.map((row, actual) => {
    const cells = row.map((n, predicted) => {
      // Shade by count: the diagonal dark blue, mistakes red.
      const alpha = n === 0 ? 0 : 0.15 + 0.85 * (n / max) ** 0.5;
      const color =
        actual === predicted
          ? `rgba(30,90,200,${alpha})`
          : `rgba(210,40,40,${Math.max(alpha, n ? 0.35 : 0)})`;
      return `<td style="background:${color}">${n}</td>`;
    });
    return `<tr><th>${actual}</th>${cells.join('')}</tr>`;
  });
  return `<table class="confusion">${head}${rows.join('')}</table>`;
}

function mistakesGrid(test: Digits, predictions: Int32Array, max: number): string {
  const figures: string[] = [];
  let total = 0;
  predictions.forEach((p, i) => {
    if (p === test.labels[i]) return;
    total++;
    if (figures.length >= max) return;
    figures.push(
      `<figure><img src="${digitPngDataUri(test.pixels, i)}" width="56" height="56" alt="digit ${test.labels[i]}"><figcaption>${test.labels[i]} → ${p}</figcaption></figure>`,
    );
  });
  const note =
    total > figures.length
      ? `<p>First ${figures.length} of ${total}.</p>`
      : `<p>${total} in all.</p>`;
  return `${note}<div class="grid">${figures.join('')}</div>`;
}

/** A self-contained HTML page: settings, per-epoch table, curve, confusion matrix, mistakes. */
export function renderHtmlReport(r: ReportInput): string {
  const settings = Object.entries(r.settings)
    .map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(String(v))}</td></tr>`)
    .join('');
  const epochs = r.history
    .map(
      (e) =>
        `<tr><td>${e.epoch}</td><td>${e.trainLoss.toFixed(4)}</td><td>${(e.testAccuracy * 100).toFixed(2)}%</td><td>${e.seconds.toFixed(1)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(r.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.2rem .5rem;text-align:right;border:1px solid #ddd}
.confusion td{width:2.5rem;text-align:center}
.grid{display:flex;flex-wrap:wrap;gap:.5rem}figure{margin:0;text-align:center;font-size:.8rem}
img{image-rendering:pixelated;background:#000}
</style></head><body>
<h1>${escape(r.title)}</h1>
<h2>Run</h2><table>${settings}</table>
<h2>Epochs</h2><table><tr><th>epoch</th><th>train loss</th><th>test accuracy</th><th>seconds</th></tr>${epochs}</table>
<h2>Curve</h2>${r.curveSvg}
<h2>Confusion matrix (held-out digits)</h2>${confusionTable(r.test, r.predictions)}
<h2>Misclassified digits (actual → predicted)</h2>${mistakesGrid(r.test, r.predictions, r.maxMistakes ?? 60)}
</body></html>
`;
}
