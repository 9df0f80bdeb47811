import { conv2dBackpropFilterRule, conv2dBackpropInputRule, conv2dRule } from './convolution.js';
import { BINARY_RULES, castRule, UNARY_RULES, whereRule } from './elementwise.js';
import {
  broadcastToRule,
  concatRule,
  gatherRule,
  padRule,
  scatterAddRule,
  sliceRule,
  transposeRule,
} from './layout.js';
import { matmulRule } from './matmul.js';
import {
  avgPool2dBackpropRule,
  avgPool2dRule,
  maxPool2dBackpropRule,
  maxPool2dRule,
} from './pooling.js';
import { argReduceRule, maxRule, minRule, prodRule, sumRule } from './reduce.js';
import type { RuleTable } from './rule.js';

export type { GradientThunk, RuleTable, VjpRule } from './rule.js';

/**
 * The gradient rule of every @gradkit/tensor primitive. The type is total over the primitive
 * names: a primitive added to tensor without a rule here does not compile.
 */
export const RULES: RuleTable = {
  ...UNARY_RULES,
  ...BINARY_RULES,
  sum: sumRule,
  prod: prodRule,
  max: maxRule,
  min: minRule,
  argmax: argReduceRule,
  argmin: argReduceRule,
  where: whereRule,
  cast: castRule,
  matmul: matmulRule,
  transpose: transposeRule,
  broadcastTo: broadcastToRule,
  slice: sliceRule,
  pad: padRule,
  concat: concatRule,
  gather: gatherRule,
  scatterAdd: scatterAddRule,
  conv2d: conv2dRule,
  conv2dBackpropInput: conv2dBackpropInputRule,
  conv2dBackpropFilter: conv2dBackpropFilterRule,
  maxPool2d: maxPool2dRule,
  maxPool2dBackprop: maxPool2dBackpropRule,
  avgPool2d: avgPool2dRule,
  avgPool2dBackprop: avgPool2dBackpropRule,
};
