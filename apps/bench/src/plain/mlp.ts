import type { MlpInputs } from '../workload-inputs.js';
import { type AdamSlot, adamInPlace, adamSlot } from './adam.js';
import { columnSums } from './dense.js';
import { matmul, matmulTransposeA, matmulTransposeB } from './matmul.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';

export interface MlpShape {
  readonly batch: number;
  readonly inputs: number;
  readonly hidden: number;
  readonly classes: number;
}

/** The 2-layer MLP trained by hand: forward, softmax cross-entropy, backward, Adam. */
export class PlainMlp {
  private readonly params: Float32Array[];
  private readonly slots: AdamSlot[];
  private t = 0;

  constructor(
    private readonly shape: MlpShape,
    private readonly data: MlpInputs,
  ) {
    this.params = [data.w1, data.b1, data.w2, data.b2].map((p) => p.slice());
    this.slots = this.params.map((p) => adamSlot(p.length));
  }

  /** One training step; returns the mean loss before the update. */
  step(): number {
    const { batch: B, inputs: I, hidden: H, classes: C } = this.shape;
    const { x, labels } = this.data;
    const [w1, b1, w2, b2] = this.params as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    const h = matmul(x, w1, B, I, H);
    for (let i = 0; i < B * H; i++) h[i] = Math.max(0, h[i]! + b1[i % H]!);
    const logits = matmul(h, w2, B, H, C);
    for (let i = 0; i < B * C; i++) logits[i] = logits[i]! + b2[i % C]!;
    const { loss, dLogits } = softmaxCrossEntropy(logits, labels, B, C);
    const dw2 = matmulTransposeA(h, dLogits, B, H, C);
    const db2 = columnSums(dLogits, B, C);
    const dh = matmulTransposeB(dLogits, w2, B, C, H);
    for (let i = 0; i < B * H; i++) if (h[i]! <= 0) dh[i] = 0;
    const dw1 = matmulTransposeA(x, dh, B, I, H);
    const db1 = columnSums(dh, B, H);
    this.t++;
    [dw1, db1, dw2, db2].forEach((g, i) => {
      adamInPlace(this.params[i]!, g, this.slots[i]!, this.t);
    });
    return loss;
  }
}
