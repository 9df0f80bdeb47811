import { type RgbaImage, toMnistInput } from '../draw/to-mnist-input.js';

/**
 * A canvas to draw a digit on with a mouse, pen or finger: white ink on black, as MNIST.
 * Calls `onInput` with the 28×28 input (or `null` when cleared) while drawing (at most every
 * 150 ms) and when a stroke ends.
 */
export class DrawPad {
  private readonly context: CanvasRenderingContext2D;
  private drawing = false;
  private last: { x: number; y: number } | undefined;
  private lastSent = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onInput: (input: Float32Array | null) => void,
  ) {
    this.context = canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    canvas.addEventListener('pointerdown', (event) => {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      this.drawing = true;
      this.last = this.point(event);
      this.stroke(this.last);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (!this.drawing) return;
      this.stroke(this.point(event));
      if (performance.now() - this.lastSent > 150) this.send();
    });
    const end = () => {
      if (!this.drawing) return;
      this.drawing = false;
      this.last = undefined;
      this.send();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  private point(event: PointerEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) * this.canvas.width) / box.width,
      y: ((event.clientY - box.top) * this.canvas.height) / box.height,
    };
  }

  private stroke(to: { x: number; y: number }): void {
    const c = this.context;
    const from = this.last ?? to;
    c.strokeStyle = '#fff';
    c.lineWidth = this.canvas.width / 12;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x + 0.01, to.y);
    c.stroke();
    this.last = to;
  }

  private send(): void {
    this.lastSent = performance.now();
    this.onInput(toMnistInput(this.image()));
  }

  image(): RgbaImage {
    return this.context.getImageData(0, 0, this.canvas.width, this.canvas.height);
  }

  clear(): void {
    this.context.fillStyle = '#000';
    this.context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.onInput(null);
  }

  /** Paints a 28×28 digit (values in [0, 1]) over the whole pad, then predicts it. */
  showDigit(pixels: ArrayLike<number>): void {
    const small = new ImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = Math.round(pixels[i]! * 255);
      small.data.set([v, v, v, 255], i * 4);
    }
    const scratch = document.createElement('canvas');
    scratch.width = 28;
    scratch.height = 28;
    scratch.getContext('2d')!.putImageData(small, 0, 0);
    this.context.imageSmoothingEnabled = true;
    this.context.drawImage(scratch, 0, 0, this.canvas.width, this.canvas.height);
    this.send();
  }
}
