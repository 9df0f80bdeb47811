import { type AsyncContext, createAsyncContext } from './async-context.js';
import { sharedState } from './shared-state.js';

/**
 * @internal What a scope does with the tensors it owns. `Tensor` implements it; this module
 * names no `Tensor`, so that tensor.ts can register each new tensor here without importing
 * the module that imports it.
 */
export interface ScopedTensor {
  readonly isDisposed: boolean;
  dispose(): void;
  watchForLeaks(): void;
}

/** @internal A scope: the tensors it owns and the scope around it. */
export interface Scope {
  readonly tracked: ScopedTensor[];
  readonly parent: Scope | undefined;
  /** For captureCreated: the live tensors created inside, once handed to their owner. */
  handedOver?: ScopedTensor[];
}

/** @internal The scope stack and the op frames. */
export interface ScopeState {
  readonly context: AsyncContext<Scope>;
  readonly kept: WeakSet<ScopedTensor>;
  // The innermost op frame (see `opScope`). Ops are synchronous, so a plain field is exact:
  // it is set and restored around one synchronous call and is always unset when a
  // continuation after an `await` runs.
  frame: Scope | undefined;
  // How many op frames are open: 1 inside an op called by the user, more inside composite ops.
  opDepth: number;
}

let scopeState: ScopeState | undefined;
// One scope stack for every copy of the package in the process (see shared-state.ts).
/** @internal The scope stack, one for every copy of the package in the process. */
export function scopes(): ScopeState {
  scopeState ??= sharedState<ScopeState>('scope', () => ({
    context: createAsyncContext<Scope>(),
    kept: new WeakSet<ScopedTensor>(),
    frame: undefined,
    opDepth: 0,
  }));
  return scopeState;
}

/** @internal How many ops are running, nested: 1 while a primitive runs for an op the user called. */
export function currentOpDepth(): number {
  return scopes().opDepth;
}

/** @internal The scope that owns what is created now: the op frame, else the flow's. */
export function innermost(): Scope | undefined {
  const state = scopes();
  return state.frame ?? state.context.get();
}

/**
 * @internal Called for every new tensor: the innermost scope of this flow owns it. A tensor
 * no scope owns is registered with the garbage-collection backstop instead; tensors inside
 * scopes are registered only when they leave the outermost one (most never do).
 */
export function trackCreated(tensor: ScopedTensor): void {
  const owner = innermost();
  if (owner === undefined) tensor.watchForLeaks();
  else owner.tracked.push(tensor);
}
