// Vitest setup: the tests run on the CPU reference backend, which fuses elementwise chains.
import { createCpuBackend, setBackend } from '@gradkit/tensor';

setBackend(createCpuBackend());
