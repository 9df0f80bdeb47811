/** counts[actual][predicted] over the 10 classes. */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
): number[][] {
  const counts = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let i = 0; i < labels.length; i++) {
    counts[labels[i]!]![predictions[i]!]!++;
  }
  return counts;
}
