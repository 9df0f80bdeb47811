describe('a rate checked where it is used', () => {
  it.each([Number.NaN, -0.1])(
    'refuses a group lr of %s set between steps, changing nothing',
    (bad) => {
      const w = new Parameter(tensor([1, 2]), 'w');
      const optimizer = new Adam([w], 0.1);
      optimizer([tensor([0.5, -1])]);
      const before = values(w.value);
      optimizer.paramGroups[0]!.lr = bad;
      expect(() => optimizer([tensor([0.5, -1])])).toThrow(/Invalid learning rate/);
      expect(values(w.value)).toEqual(before);
      expect(optimizer.state.get(w)?.step).toBe(1);
    },
  );

  it('refuses an nn schedule that gives a negative rate at a later step', async () => {
    const nn = await import('../nn-optim/index.js');
    const w = new Parameter(tensor([1, 2]), 'w');
    const optimizer = new nn.SGD([w], { learningRate: (step: number) => 0.1 - step * 0.1 });
    optimizer([tensor([0.5, -1])]);
    optimizer([tensor([0.5, -1])]); // rate 0 at step 1
    const before = values(w.value);
    expect(() => optimizer([tensor([0.5, -1])])).toThrow(/expected a finite number >= 0/);
    expect(values(w.value)).toEqual(before);
    expect(optimizer.globalStep).toBe(2);
  });
});
