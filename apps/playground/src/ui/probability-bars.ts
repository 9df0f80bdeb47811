/**
 * Ten labelled bars, one per digit class, and the predicted class in words. The bars are
 * `<meter>`-like divs with text values, so screen readers read "3: 92.1%".
 */
export class ProbabilityBars {
  private readonly bars: HTMLElement[] = [];
  private readonly values: HTMLElement[] = [];

  constructor(
    list: HTMLOListElement,
    private readonly verdict: HTMLElement,
  ) {
    for (let c = 0; c < 10; c++) {
      const item = document.createElement('li');
      item.innerHTML = `<span class="digit">${c}</span><span class="bar"><span class="fill"></span></span><span class="value">–</span>`;
      list.append(item);
      this.bars.push(item.querySelector<HTMLElement>('.fill')!);
      this.values.push(item.querySelector<HTMLElement>('.value')!);
    }
  }

  show(probabilities: ArrayLike<number>): void {
    let best = 0;
    for (let c = 0; c < 10; c++) {
      const p = probabilities[c]!;
      if (p > probabilities[best]!) best = c;
      this.bars[c]!.style.width = `${(p * 100).toFixed(1)}%`;
      this.values[c]!.textContent = `${(p * 100).toFixed(1)}%`;
      this.bars[c]!.parentElement!.parentElement!.classList.toggle('best', false);
    }
    this.bars[best]!.parentElement!.parentElement!.classList.add('best');
    this.verdict.textContent = `${best}`;
    this.verdict.dataset.digit = String(best);
    this.verdict.dataset.probability = probabilities[best]!.toFixed(4);
  }

  clear(): void {
    for (let c = 0; c < 10; c++) {
      this.bars[c]!.style.width = '0%';
      this.values[c]!.textContent = '–';
      this.bars[c]!.parentElement!.parentElement!.classList.remove('best');
    }
    this.verdict.textContent = '–';
    delete this.verdict.dataset.digit;
    delete this.verdict.dataset.probability;
  }
}
