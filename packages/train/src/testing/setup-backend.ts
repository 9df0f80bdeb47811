// Vitest setup: the tests run on the CPU reference backend, which has float64 for precise
// finite-difference checks.
import { createCpuBackend, setBackend } from '@gradkit/tensor';

setBackend(createCpuBackend());
