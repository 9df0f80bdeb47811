import { checkOptionKeys } from '../options/check-option-keys.js';
import { Parameter } from '../parameter/parameter.js';

// One reading of an optimizer's `params` (Parameters, or group dicts) for every front end.
// What differs between MindSpore's nn optimizers and the PyTorch-style ones (which lists are
// accepted, the keys a dict may hold, how a group's values are read and filled, the decay
// filter, `orderParams`) is a GroupRules; what each error says is its GroupWording, so every
// front end keeps its own messages.

/** The errors a front end throws while reading groups, each with its own wording. */
export interface GroupWording {
  /** `params` is not a list (or, where iterables are taken, not an iterable), or a Parameter. */
  notAList(value: unknown): Error;
  /** `params` is an empty list. */
  empty(): Error;
  /** `params[index]` is neither a Parameter nor a group dict. */
  badItem(index: number, item: unknown): Error;
  /**
   * Parameters and group dicts in one list. Without it, a Parameter among group dicts is a
   * bad item (found in list order, with the others).
   */
  mixed?(): Error;
  /** A group given to `addGroup` is not a dict with `params` (unset: as `missingParams`). */
  badGroup?(group: unknown): Error;
  /** A group dict has no `params` (checked after its keys, and where `orderParams` is not). */
  missingParams(where: string): Error;
  /** A group's `params` (or `orderParams`, named by `argument`) is not a list. */
  notParameterList(argument: string, value: unknown): Error;
  /** An element of a group's list is not a Parameter. */
  notParameter(argument: string, index: number, value: unknown): Error;
  /** A group's `params` is empty (unset: an empty group is allowed). */
  emptyGroup?(where: string): Error;
  /** A parameter twice in one group, or in the plain list. */
  twiceInGroup(param: Parameter): Error;
  /** A parameter in two groups. */
  inTwoGroups(param: Parameter): Error;
  /** What an unknown key of a group dict is called ("param group key", "key of params[0]"). */
  keyWhat(where: string): string;
}

/** The extra errors of a front end with an `orderParams` dict (MindSpore's nn optimizers). */
export interface OrderWording {
  /** A second `orderParams` dict, at `where`. */
  repeated(where: string): Error;
  /** Only an `orderParams` dict, no group. */
  noGroups(): Error;
  /** `orderParams` holds a parameter twice. */
  twice(param: Parameter): Error;
  /** `orderParams` holds a parameter no group has. */
  unknown(param: Parameter): Error;
  /** `orderParams` leaves out grouped parameters. */
  missing(params: readonly Parameter[]): Error;
}

/** Where a group came from, for its values' messages and defaults. */
export interface GroupContext {
  /** `params[i]` for the i-th dict (`params` for a plain list of Parameters). */
  readonly where: string;
  /** Per parameter: whether weight decay applies to it (the front end's decay filter). */
  readonly decayFlags: readonly boolean[];
}

/** How a front end reads `params`; `G` is its group, made by `fill`. */
export interface GroupRules<G> {
  readonly wording: GroupWording;
  /** 'iterable': any iterable is a list (PyTorch's); 'array': arrays only (MindSpore's). */
  readonly lists: 'iterable' | 'array';
  /** Whether a group's `params` may be a single Parameter (PyTorch's). */
  readonly loneParameter: boolean;
  /** Whether `item` is a group dict (checked before its keys). */
  isGroupDict(item: unknown): boolean;
  /** The keys a group dict may hold (`params` among them). */
  readonly keys: readonly string[];
  /** The key of MindSpore's dict that orders the parameters, with its errors. */
  readonly order?: { readonly key: string; readonly wording: OrderWording };
  /**
   * Whether weight decay applies to a parameter of a plain list (MindSpore: names without
   * beta or gamma); every parameter of a group dict decays.
   */
  readonly decays?: (param: Parameter) => boolean;
  /** The group from its checked parameters and the dict's other keys (defaults filled in). */
  fill(params: Parameter[], given: Readonly<Record<string, unknown>>, context: GroupContext): G;
}

/** `params` read into groups, in the front end's own form. */
export interface ResolvedGroups<G> {
  readonly groups: G[];
  /** The parameters in optimizer order (`orderParams` when given, else group order). */
  readonly parameters: Parameter[];
  /** Whether `params` held group dicts. */
  readonly grouped: boolean;
}

/** `value` as a new list (the caller's array is not kept), or undefined if it is none. */
function listOf(rules: GroupRules<unknown>, value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return [...value];
  if (
    rules.lists === 'iterable' &&
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Parameter) &&
    Symbol.iterator in value
  ) {
    return [...(value as Iterable<unknown>)];
  }
  return undefined;
}

function parameterList(rules: GroupRules<unknown>, argument: string, value: unknown): Parameter[] {
  const list = rules.loneParameter && value instanceof Parameter ? [value] : listOf(rules, value);
  if (list === undefined) throw rules.wording.notParameterList(argument, value);
  list.forEach((item, i) => {
    if (!(item instanceof Parameter)) throw rules.wording.notParameter(argument, i, item);
  });
  return list as Parameter[];
}

function firstRepeated(list: readonly Parameter[]): Parameter | undefined {
  const seen = new Set<Parameter>();
  for (const param of list) {
    if (seen.has(param)) return param;
    seen.add(param);
  }
  return undefined;
}

/**
 * One group dict checked and filled: its keys, its parameters (each once, and in no group of
 * `taken`), then its values through the front end's `fill`. Throws before anything changes.
 */
function readGroup<G>(
  op: string,
  rules: GroupRules<G>,
  dict: Record<string, unknown>,
  where: string,
  taken: ReadonlySet<Parameter>,
  grouped: boolean,
): { group: G; params: Parameter[] } {
  const { wording } = rules;
  checkOptionKeys(op, dict, rules.keys, wording.keyWhat(where));
  if (dict.params === undefined) throw wording.missingParams(where);
  const params = parameterList(rules, `${where}.params`, dict.params);
  if (params.length === 0 && wording.emptyGroup !== undefined) {
    throw wording.emptyGroup(`${where}.params`);
  }
  const repeated = firstRepeated(params);
  if (repeated !== undefined) throw wording.twiceInGroup(repeated);
  const shared = params.find((param) => taken.has(param));
  if (shared !== undefined) throw wording.inTwoGroups(shared);
  const { params: _params, ...given } = dict;
  const decays = grouped ? () => true : (rules.decays ?? (() => true));
  const group = rules.fill(params, given, { where, decayFlags: params.map(decays) });
  return { group, params };
}

/**
 * Reads an optimizer's `params`: a list of Parameters (one group, the front end's defaults)
 * or of group dicts, each checked and filled by the front end's rules. Makes no tensors.
 *
 * For example, the nn optimizers read `[{ params: convs, weightDecay: 0.01 }, { params: rest },
 * { orderParams: all }]` into two groups and the parameters in `all`'s order.
 */
export function resolveGroups<G>(
  op: string,
  params: unknown,
  rules: GroupRules<G>,
): ResolvedGroups<G> {
  const { wording } = rules;
  const items = listOf(rules, params);
  if (items === undefined) throw wording.notAList(params);
  if (items.length === 0) throw wording.empty();
  if (items.every((item) => item instanceof Parameter)) {
    const { group, params: list } = readGroup(
      op,
      rules,
      { params: items },
      'params',
      new Set(),
      false,
    );
    return { groups: [group], parameters: list, grouped: false };
  }
  items.forEach((item, i) => {
    const known = item instanceof Parameter ? wording.mixed !== undefined : rules.isGroupDict(item);
    if (!known) throw wording.badItem(i, item);
  });
  if (items.some((item) => item instanceof Parameter)) throw wording.mixed!();
  const groups: G[] = [];
  const taken = new Set<Parameter>();
  let order: Parameter[] | undefined;
  (items as Record<string, unknown>[]).forEach((dict, i) => {
    const where = `params[${i}]`;
    const orderKey = rules.order?.key;
    if (orderKey !== undefined && dict[orderKey] !== undefined) {
      checkOptionKeys(op, dict, rules.keys, wording.keyWhat(where));
      if (order !== undefined) throw rules.order!.wording.repeated(where);
      order = parameterList(rules, `${where}.${orderKey}`, dict[orderKey]);
      return;
    }
    const { group, params: list } = readGroup(op, rules, dict, where, taken, true);
    for (const param of list) taken.add(param);
    groups.push(group);
  });
  const all = [...taken];
  if (rules.order === undefined) return { groups, parameters: all, grouped: true };
  const orderWording = rules.order.wording;
  if (groups.length === 0) throw orderWording.noGroups();
  if (order === undefined) return { groups, parameters: all, grouped: true };
  const repeated = firstRepeated(order);
  if (repeated !== undefined) throw orderWording.twice(repeated);
  const unknown = order.find((param) => !taken.has(param));
  if (unknown !== undefined) throw orderWording.unknown(unknown);
  const listed = new Set(order);
  const missing = all.filter((param) => !listed.has(param));
  if (missing.length > 0) throw orderWording.missing(missing);
  return { groups, parameters: order, grouped: true };
}

/**
 * One more group (PyTorch's `add_param_group`), checked against the parameters `existing`
 * groups hold; throws before anything changes.
 */
export function addGroup<G>(
  op: string,
  rules: GroupRules<G>,
  dict: unknown,
  existing: Iterable<Parameter>,
): G {
  if (dict === null || typeof dict !== 'object' || !('params' in dict)) {
    throw rules.wording.badGroup?.(dict) ?? rules.wording.missingParams('params');
  }
  const taken = new Set(existing);
  return readGroup(op, rules, dict as Record<string, unknown>, 'params', taken, true).group;
}
