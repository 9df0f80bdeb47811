import { addDecayedWeights, identity, scale } from '@gradkit/optim';

// Pieces every composition shares, first in the chain as PyTorch orders them.

/** `maximize`: the gradient's sign flips before anything else (g ← −g). */
export const maximizeStep = (maximize: boolean) => (maximize ? scale(-1) : identity());

/** Coupled (L2) weight decay: g ← g + λθ, before the scaling. */
export const coupledWeightDecay = (weightDecay: number) => addDecayedWeights({ weightDecay });
