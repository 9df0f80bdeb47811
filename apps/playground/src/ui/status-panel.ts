import type { StepResult } from '../train/trainer.js';

function output(id: string): HTMLOutputElement {
  const element = document.getElementById(id);
  if (!(element instanceof HTMLOutputElement)) throw new Error(`missing <output id="${id}">`);
  return element;
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The status strip: what runs, the step, loss, accuracy, throughput and live tensors. */
export class StatusPanel {
  private readonly mode = output('backend-mode');
  private readonly step = output('step');
  private readonly epoch = output('epoch');
  private readonly loss = output('loss');
  private readonly firstLoss = output('first-loss');
  private readonly accuracy = output('accuracy');
  private readonly testAccuracy = output('test-accuracy');
  private readonly throughput = output('throughput');
  private readonly stepTime = output('step-time');
  private readonly tensors = output('tensors');

  /** `mode` is what the backend reports running, e.g. `webgl2`; `error` when it failed. */
  showBackend(name: string, mode: string): void {
    this.mode.textContent = name === 'gpujs' ? `gpu.js ${mode}` : `gradkit ${mode}`;
    this.mode.dataset.mode = mode;
    this.mode.dataset.backend = name;
  }

  showBackendError(choice: string): void {
    this.mode.textContent = `${choice} failed to open`;
    this.mode.dataset.mode = 'error';
    this.mode.dataset.backend = '';
  }

  showStep(
    result: StepResult,
    smoothed: { loss: number; accuracy: number; firstLoss: number },
    rate: { samplesPerSecond: number; msPerStep: number },
    epoch: number,
    liveTensors: number,
  ): void {
    this.step.textContent = String(result.step);
    this.step.dataset.value = String(result.step);
    this.epoch.textContent = String(epoch);
    this.loss.textContent = smoothed.loss.toFixed(4);
    this.loss.dataset.value = String(smoothed.loss);
    this.firstLoss.textContent = smoothed.firstLoss.toFixed(4);
    this.firstLoss.dataset.value = String(smoothed.firstLoss);
    this.accuracy.textContent = percent(smoothed.accuracy);
    this.throughput.textContent = `${Math.round(rate.samplesPerSecond).toLocaleString('en')} samples/s`;
    this.throughput.dataset.value = String(rate.samplesPerSecond);
    this.stepTime.textContent = `${rate.msPerStep.toFixed(1)} ms/step`;
    this.stepTime.dataset.value = String(rate.msPerStep);
    this.tensors.textContent = String(liveTensors);
  }

  showTest(accuracy: number): void {
    this.testAccuracy.textContent = percent(accuracy);
    this.testAccuracy.dataset.value = String(accuracy);
  }

  clear(): void {
    for (const o of [
      this.loss,
      this.firstLoss,
      this.accuracy,
      this.testAccuracy,
      this.throughput,
      this.stepTime,
    ]) {
      o.textContent = '–';
      o.dataset.value = '';
    }
    this.step.textContent = '0';
    this.step.dataset.value = '0';
    this.epoch.textContent = '0';
  }
}
