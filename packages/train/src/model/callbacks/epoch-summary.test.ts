import { describe, expect, it } from 'vitest';
import { RunContext } from './callback.js';
import { EpochSummary } from './epoch-summary.js';

describe('EpochSummary', () => {
  it('prints epoch, mean loss and metrics to 4 significant digits, and the time', () => {
    const lines: string[] = [];
    const summary = new EpochSummary({ print: (line) => lines.push(line) });
    const params = {
      curEpochNum: 3,
      epochNum: 12,
      epochLoss: 0.123456,
      evalResults: { accuracy: 0.91666, loss: Number.NaN },
    };
    const context = new RunContext(params as never);
    summary.onTrainEpochBegin();
    summary.onTrainEpochEnd(context);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^epoch 3\/12: loss 0\.1235, eval_accuracy 0\.9167, eval_loss NaN \(\d+\.\d\d s\)$/,
    );
  });
});
