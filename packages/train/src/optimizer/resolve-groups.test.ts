import { tensor } from '@gradkit/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { nn, optim, Parameter } from '../index.js';
import '../testing/setup-backend.js';
import * as torch from '../torch/index.js';

// Both front ends read `params` through one resolver; each keeps its own wording. The
// expected texts are the messages each front end gave before they shared it (MindSpore's
// nn wording; PyTorch's for optim.* and torch, which agree), one per malformed input.

let w: Parameter;
let x: Parameter;
beforeAll(() => {
  w = new Parameter(tensor([1, 2]), 'w');
  x = new Parameter(tensor([1]), 'x');
});

const inputs: Record<string, () => unknown> = {
  'not a list': () => 5,
  'a parameter': () => w,
  empty: () => [],
  'bad item': () => [w, 5],
  'bad item 2': () => [{ params: [w] }, 5],
  mixed: () => [{ params: [w] }, x],
  mixed2: () => [w, { params: [x] }],
  'dict without params': () => [{ lr: 0.1 }],
  'params not list': () => [{ params: 5 }],
  'params a parameter': () => [{ params: w }],
  'params holds non-param': () => [{ params: [w, 5] }],
  'params empty': () => [{ params: [] }],
  'dup ungrouped': () => [w, w],
  'dup in group': () => [{ params: [w, w] }],
  'dup across': () => [{ params: [w] }, { params: [w] }],
  'bad key': () => [{ params: [w], weight_decay: 0.1 }],
  'bad key2': () => [{ params: [w], lrr: 0.1 }],
  'bad lr': () => [{ params: [w], lr: -1 }],
  'bad lr type': () => [{ params: [w], lr: 'a' }],
  'bad wd': () => [{ params: [w], weightDecay: -1 }],
  'bad gc': () => [{ params: [w], gradCentralization: 1 }],
  'order only': () => [{ orderParams: [w] }],
  'order repeated': () => [{ params: [w] }, { orderParams: [w] }, { orderParams: [w] }],
  'order unknown': () => [{ params: [w] }, { orderParams: [w, x] }],
  'order missing': () => [{ params: [w, x] }, { orderParams: [w] }],
  'order dup': () => [{ params: [w, x] }, { orderParams: [w, w, x] }],
  'order not list': () => [{ params: [w] }, { orderParams: 5 }],
  'order non-param': () => [{ params: [w] }, { orderParams: [5] }],
  set: () => new Set([w]),
  'null item': () => [null],
};

/** undefined: the input is accepted. */
const nnMessages: Record<string, string | undefined> = {
  'not a list':
    "nn.Adam: argument 'params' must be a list of Parameters or of group dicts, got a number",
  'a parameter':
    "nn.Adam: argument 'params' must be a list of Parameters or of group dicts, got a Parameter",
  empty: "nn.Adam: argument 'params' must not be empty",
  'bad item': "nn.Adam: argument 'params[1]' must be a Parameter or a group dict, got a number",
  'bad item 2': "nn.Adam: argument 'params[1]' must be a Parameter or a group dict, got a number",
  mixed: "nn.Adam: argument 'params' must hold only Parameters or only group dicts",
  mixed2: "nn.Adam: argument 'params' must hold only Parameters or only group dicts",
  'dict without params': "nn.Adam: argument 'params[0]' must have 'params'",
  'params not list':
    "nn.Adam: argument 'params[0].params' must be a list of Parameters, got a number",
  'params a parameter':
    "nn.Adam: argument 'params[0].params' must be a list of Parameters, got a Parameter",
  'params holds non-param':
    "nn.Adam: argument 'params[0].params[1]' must be a Parameter, got a number",
  'params empty': "nn.Adam: argument 'params[0].params' must not be empty",
  'dup ungrouped': "nn.Adam: argument 'params' holds the parameter 'w' twice",
  'dup in group': "nn.Adam: argument 'params' holds the parameter 'w' twice",
  'dup across': "nn.Adam: argument 'params' holds the parameter 'w' twice",
  'bad key':
    "nn.Adam: argument 'weight_decay' is not a known key of params[0]; did you mean 'weightDecay'?",
  'bad key2': "nn.Adam: argument 'lrr' is not a known key of params[0]; did you mean 'lr'?",
  'bad lr': "nn.Adam: argument 'params[0].lr' must be >= 0, got -1",
  'bad lr type':
    "nn.Adam: argument 'params[0].lr' must be a number, a Tensor, an iterable of numbers or a LearningRateSchedule, got a string",
  'bad wd': "nn.Adam: argument 'params[0].weightDecay' must be >= 0, got -1",
  'bad gc': "nn.Adam: argument 'params[0].gradCentralization' must be a boolean, got a number",
  'order only': "nn.Adam: argument 'params' has no group with params",
  'order repeated': "nn.Adam: argument 'params[2]' repeats 'orderParams'",
  'order unknown': "nn.Adam: argument 'orderParams' holds 'x', which is in no group of params",
  'order missing': "nn.Adam: argument 'orderParams' must list every grouped parameter; missing 'x'",
  'order dup': "nn.Adam: argument 'orderParams' holds the parameter 'w' twice",
  'order not list':
    "nn.Adam: argument 'params[1].orderParams' must be a list of Parameters, got a number",
  'order non-param':
    "nn.Adam: argument 'params[1].orderParams[0]' must be a Parameter, got a number",
  set: "nn.Adam: argument 'params' must be a list of Parameters or of group dicts, got a Set",
  'null item': "nn.Adam: argument 'params[0]' must be a Parameter or a group dict, got null",
};

const pytorchMessages: Record<string, string | undefined> = {
  'not a list':
    'Adam: params argument given to the optimizer should be an iterable of Parameters or dicts, but got 5',
  'a parameter':
    'Adam: params argument given to the optimizer should be an iterable of Parameters or dicts, but got a Parameter',
  empty: 'Adam: optimizer got an empty parameter list',
  'bad item':
    "Adam: params[0] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got a Parameter",
  'bad item 2':
    "Adam: params[1] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got 5",
  mixed:
    "Adam: params[1] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got a Parameter",
  mixed2:
    "Adam: params[0] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got a Parameter",
  'dict without params':
    "Adam: params[0] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got a Object",
  'params not list':
    "Adam: a param group's 'params' must be a Parameter or a list of Parameters, got 5",
  'params a parameter': undefined,
  'params holds non-param':
    'Adam: optimizer can only optimize Parameters, but one of the params is 5',
  'params empty': undefined,
  'dup ungrouped': "Adam: the parameter 'w' appears twice in one parameter group",
  'dup in group': "Adam: the parameter 'w' appears twice in one parameter group",
  'dup across': 'Adam: some parameters appear in more than one parameter group',
  'bad key':
    "Adam: argument 'weight_decay' is not a known param group key; did you mean 'weightDecay'?",
  'bad key2': "Adam: argument 'lrr' is not a known param group key; did you mean 'lr'?",
  'bad lr': 'Adam: Invalid learning rate: -1.0',
  'bad lr type': 'Adam: Invalid learning rate: must be int, float or Tensor, got "a"',
  'bad wd': 'Adam: Invalid weight_decay value: -1.0',
  'bad gc':
    "Adam: argument 'gradCentralization' is not a known param group key; expected one of 'params', 'lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'",
  'order only':
    "Adam: params[0] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got a Object",
  'order repeated':
    "Adam: params[1] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got a Object",
  'order unknown':
    "Adam: params[1] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got a Object",
  'order missing':
    "Adam: params[1] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got a Object",
  'order dup':
    "Adam: params[1] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got a Object",
  'order not list':
    "Adam: params[1] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got a Object",
  'order non-param':
    "Adam: params[1] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got a Object",
  set: undefined,
  'null item':
    "Adam: params[0] must be a param group dict with 'params' (a list of Parameters must hold only Parameters), got null",
};

function messageOf(make: () => unknown): string | undefined {
  try {
    make();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('one reading of params for every front end, each with its own wording', () => {
  it.each(Object.keys(inputs))('nn.Adam: %s', (name) => {
    expect(messageOf(() => new nn.Adam(inputs[name]!() as never))).toBe(nnMessages[name]);
  });

  it.each(Object.keys(inputs))('optim.Adam and torch.Adam: %s', (name) => {
    expect(messageOf(() => new optim.Adam(inputs[name]!() as never))).toBe(pytorchMessages[name]);
    expect(messageOf(() => new torch.Adam(inputs[name]!() as never))).toBe(pytorchMessages[name]);
  });

  it('addParamGroup checks a group as the constructor does, and changes nothing when it refuses', () => {
    const optimizer = new optim.Adam([w]);
    const refused: [unknown, string][] = [
      [5, "Adam: a param group must be a dict with 'params', got 5"],
      [{ lr: 1 }, "Adam: a param group must be a dict with 'params', got a Object"],
      [{ params: [w] }, 'Adam: some parameters appear in more than one parameter group'],
      [
        { params: [x], foo: 1 },
        "Adam: argument 'foo' is not a known param group key; expected one of 'params', 'lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'",
      ],
      [{ params: [x], lr: -1 }, 'Adam: Invalid learning rate: -1.0'],
    ];
    for (const [group, message] of refused) {
      expect(messageOf(() => optimizer.addParamGroup(group as never))).toBe(message);
      expect(optimizer.paramGroups).toHaveLength(1);
    }
    optimizer.addParamGroup({ params: [x], lr: 0.5 });
    expect(optimizer.paramGroups.map((group) => group.lr)).toEqual([1e-3, 0.5]);
    expect(optimizer.parameters).toEqual([w, x]);
  });

  it("keeps its own lists: changing the caller's arrays afterwards changes no group", () => {
    const list = [w];
    const groupList = [x];
    const plain = new nn.Adam(list);
    const grouped = new optim.Adam([{ params: groupList }]);
    list.push(x);
    groupList.push(w);
    expect([...plain.parameters]).toEqual([w]);
    expect(plain.groups[0]!.params).toEqual([w]);
    expect(grouped.parameters).toEqual([x]);
  });

  it('groups: defaults filled, the decay filter only on a plain list, orderParams gives the order', () => {
    const gamma = new Parameter(tensor([1]), 'ln.gamma');
    const plain = new nn.Adam([w, gamma], { learningRate: 0.1, weightDecay: 0.01 });
    expect(plain.groups[0]!.decayFlags).toEqual([true, false]);
    expect(plain.isGroup).toBe(false);
    const grouped = new nn.Adam(
      [
        { params: [w, gamma], weightDecay: 0.5 },
        { params: [x], lr: 0.2 },
        { orderParams: [x, gamma, w] },
      ],
      { learningRate: 0.1, weightDecay: 0.01 },
    );
    expect(grouped.groups.map((group) => group.decayFlags)).toEqual([[true, true], [true]]);
    expect(grouped.groups.map((group) => group.weightDecay)).toEqual([0.5, 0.01]);
    expect(grouped.getLr()).toEqual([0.1, 0.2]);
    expect([...grouped.parameters]).toEqual([x, gamma, w]);
    const pytorch = new optim.SGD([{ params: w }, { params: new Set([x]), momentum: 0.9 }], {
      lr: 0.1,
    });
    expect(pytorch.paramGroups.map((group) => [group.lr, group.momentum])).toEqual([
      [0.1, 0],
      [0.1, 0.9],
    ]);
    expect(pytorch.parameters).toEqual([w, x]);
  });
});
