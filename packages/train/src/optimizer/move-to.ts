import { RowSparse } from '@gradkit/optim';
import { type Backend, Tensor, tensor, withBackend } from '@gradkit/tensor';

/** `value` (a tensor, a RowSparse or a tree of them) on `backend`: itself where it already lives there, else a copy made there. */
export function moveTo<T>(value: T, backend: Backend): T {
  if (value instanceof Tensor) {
    if (value.backend === backend) return value;
    const data = value.dataSync();
    return withBackend(backend, () => tensor(data, [...value.shape], value.dtype)) as T;
  }
  if (value instanceof RowSparse) {
    return new RowSparse(
      moveTo(value.indices, backend),
      moveTo(value.values, backend),
      value.denseShape,
    ) as T;
  }
  if (Array.isArray(value)) return Object.freeze(value.map((item) => moveTo(item, backend))) as T;
  if (value !== null && typeof value === 'object') {
    return Object.freeze(
      Object.fromEntries(Object.entries(value).map(([key, item]) => [key, moveTo(item, backend)])),
    ) as T;
  }
  return value;
}
