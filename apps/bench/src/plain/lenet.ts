import type { lenetInputs } from '../workload-inputs.js';
import { type AdamSlot, adamInPlace, adamSlot } from './adam.js';
import { type ConvShape, conv2d, conv2dBackward } from './conv2d.js';
import { dense, denseBackward } from './dense.js';
import { cnhwToRows, rowsToCnhw } from './layout.js';
import { maxPool, maxPoolBackward } from './pool.js';
import { reluBackwardInPlace, reluInPlace } from './relu.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';

type LenetInputs = ReturnType<typeof lenetInputs>;
const CLASSES = 10;

/**
 * LeNet5 as @gradkit/train's (MindSpore's): conv 5×5 'valid' 1→6, ReLU, max pool 2×2, conv
 * 5×5 'valid' 6→16, ReLU, max pool 2×2, flatten (NCHW order), dense 400→120, ReLU, 120→84,
 * ReLU, 84→10; convolutions without bias. Trained by hand: forward, softmax cross-entropy
 * (mean), backward, and the Adam of `adam.ts` on every parameter.
 */
export class PlainLenet {
  /** conv1, conv2, fc1, fc1 bias, fc2, fc2 bias, fc3, fc3 bias. */
  readonly params: Float32Array[];
  private readonly slots: AdamSlot[];
  private readonly conv1: ConvShape;
  private readonly conv2: ConvShape;
  private t = 0;

  constructor(private readonly data: LenetInputs) {
    const d = data;
    this.params = [d.conv1, d.conv2, d.fc1, d.fc1Bias, d.fc2, d.fc2Bias, d.fc3, d.fc3Bias].map(
      (p) => p.slice(),
    );
    this.slots = this.params.map((p) => adamSlot(p.length));
    const batch = d.batch;
    this.conv1 = { channels: 1, batch, height: 32, width: 32, outChannels: 6, kernel: 5 };
    this.conv2 = { channels: 6, batch, height: 14, width: 14, outChannels: 16, kernel: 5 };
  }

  /** The mean loss and the gradient of every parameter (in `params` order), at the current weights. */
  lossAndGrads(): { loss: number; grads: Float32Array[] } {
    const B = this.data.batch;
    const [w1, w2, f1, g1, f2, g2, f3, g3] = this.params as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    // Forward. The images [B, 1, 32, 32] are already CNHW (one channel).
    const c1 = conv2d(this.data.images, w1, this.conv1); // [6, B, 28, 28]
    reluInPlace(c1.y);
    const p1 = maxPool(c1.y, 6 * B, 28, 28, 2); // [6, B, 14, 14]
    const c2 = conv2d(p1.y, w2, this.conv2); // [16, B, 10, 10]
    reluInPlace(c2.y);
    const p2 = maxPool(c2.y, 16 * B, 10, 10, 2); // [16, B, 5, 5]
    const flat = cnhwToRows(p2.y, 16, B, 25); // [B, 400]
    const h1 = dense(flat, f1, g1, B);
    reluInPlace(h1);
    const h2 = dense(h1, f2, g2, B);
    reluInPlace(h2);
    const logits = dense(h2, f3, g3, B);
    const { loss, dLogits } = softmaxCrossEntropy(logits, this.data.labels, B, CLASSES);

    // Backward.
    const d3 = denseBackward(dLogits, h2, f3, B, CLASSES);
    reluBackwardInPlace(d3.dx, h2);
    const d2 = denseBackward(d3.dx, h1, f2, B, 84);
    reluBackwardInPlace(d2.dx, h1);
    const d1 = denseBackward(d2.dx, flat, f1, B, 120);
    const dc2 = maxPoolBackward(rowsToCnhw(d1.dx, 16, B, 25), p2.argmax, c2.y.length);
    reluBackwardInPlace(dc2, c2.y);
    const k2 = conv2dBackward(dc2, w2, c2.cols, this.conv2, true);
    const dc1 = maxPoolBackward(k2.dx!, p1.argmax, c1.y.length);
    reluBackwardInPlace(dc1, c1.y);
    const k1 = conv2dBackward(dc1, w1, c1.cols, this.conv1, false);
    return { loss, grads: [k1.dw, k2.dw, d1.dw, d1.db, d2.dw, d2.db, d3.dw, d3.db] };
  }

  /** One training step; returns the loss before the update. */
  step(): number {
    const { loss, grads } = this.lossAndGrads();
    this.t++;
    grads.forEach((g, i) => {
      adamInPlace(this.params[i]!, g, this.slots[i]!, this.t);
    });
    return loss;
  }
}
