// Vitest setup for this package's own run: the CPU reference backend. Another backend's
// package runs these same test files with its own setup file instead.
import { createCpuBackend } from '../cpu/cpu-backend.js';
import { setBackend } from '../engine.js';

setBackend(createCpuBackend());
