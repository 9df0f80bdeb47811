import type { StepResult, Trainer } from './trainer.js';

/**
 * Lets the browser handle input and paint between steps: a message-channel task, which,
 * unlike nested setTimeout(0), is not clamped to 4 ms.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export interface LoopEvents {
  step(result: StepResult): void;
  test(step: number, accuracy: number): void;
  running(running: boolean): void;
  error(error: unknown): void;
}

/**
 * Runs training steps one after another on the page's thread, yielding to the event loop
 * after each, and serializes every use of the trainer (steps, test passes, predictions), so
 * none overlaps another's asynchronous read-back or a reset.
 */
export class TrainingLoop {
  private active = false;
  private queue: Promise<unknown> = Promise.resolve();
  private loop: Promise<void> = Promise.resolve();

  constructor(
    readonly trainer: Trainer,
    private readonly settings: { batchSize(): number; testEvery: number },
    private readonly events: LoopEvents,
  ) {}

  get running(): boolean {
    return this.active;
  }

  /** Runs `fn` once every earlier use of the trainer has finished. */
  exclusive<T>(fn: (trainer: Trainer) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => fn(this.trainer));
    this.queue = next.catch(() => undefined);
    return next;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.events.running(true);
    this.loop = this.run();
  }

  pause(): void {
    if (!this.active) return;
    this.active = false;
    this.events.running(false);
  }

  /** Pauses and waits until the step in flight has finished. */
  async stop(): Promise<void> {
    this.pause();
    await this.loop;
    await this.queue;
  }

  private async run(): Promise<void> {
    try {
      while (this.active) {
        const result = await this.exclusive((t) => t.trainStep(this.settings.batchSize()));
        this.events.step(result);
        if (result.step % this.settings.testEvery === 0) {
          this.events.test(result.step, await this.exclusive((t) => t.testAccuracy()));
        }
        await yieldToEventLoop();
      }
    } catch (error) {
      this.active = false;
      this.events.running(false);
      this.events.error(error);
    }
  }
}
