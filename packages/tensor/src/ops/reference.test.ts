// The backend conformance suite (@gradkit/tensor/testing) on the backend the Vitest setup
// selected: every op against the NumPy / PyTorch reference fixtures, the capabilities and
// donation.
import { describe, it } from 'vitest';
import { getBackend } from '../engine.js';
import { runBackendConformance } from '../testing/index.js';

runBackendConformance({ describe, it }, { backend: getBackend() });
