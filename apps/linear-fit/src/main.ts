import { dispose, memory, random, scalar, tensor, zeros } from '@gradkit/tensor';
import { type LinearModel, loss, makeProblem, step } from './linear-regression.js';

const trueWeights = tensor([3, -2, 0.5]);
const problem = makeProblem(random.key(0), 1000, trueWeights, 1.5, 0.1);
let model: LinearModel = { weights: zeros([3]), bias: scalar(0) };

console.log('Fitting y = X w + b on 1,000 examples (true w = [3, -2, 0.5], b = 1.5, noise 0.1)');
for (let epoch = 0; epoch <= 100; epoch++) {
  if (epoch % 10 === 0) {
    const current = loss(model, problem);
    console.log(`step ${String(epoch).padStart(3)}  loss ${Number(current.item()).toFixed(6)}`);
    current.dispose();
  }
  const next = step(model, problem, 0.1);
  dispose(model);
  model = next;
}
console.log(
  `fitted w = [${Array.from(model.weights.dataSync(), (v) => v.toFixed(3)).join(', ')}], b = ${Number(model.bias.item()).toFixed(3)}`,
);
dispose([model, problem]);
console.log(`live tensors at the end: ${memory().tensors}`);
