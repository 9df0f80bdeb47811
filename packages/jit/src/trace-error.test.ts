import { TensorError, ValueError } from '@gradkit/tensor';
import { describe, expect, it } from 'vitest';
import { TraceError } from './trace-error.js';

describe('TraceError', () => {
  it('is a TensorError carrying the op and the argument, named after its class', () => {
    const error = new TraceError('item', 'x', 'cannot be read while tracing');
    expect(error).toBeInstanceOf(TraceError);
    expect(error).toBeInstanceOf(TensorError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TraceError');
    expect(error.op).toBe('item');
    expect(error.argument).toBe('x');
    expect(error.message).toBe("item: argument 'x' cannot be read while tracing");
  });

  it('without an argument, its message is the op and the detail', () => {
    const error = new TraceError('dataSync', undefined, 'cannot read the values');
    expect(error.argument).toBeUndefined();
    expect(error.message).toBe('dataSync: cannot read the values');
  });

  it('is told apart from other tensor errors: catching a ValueError does not swallow it', () => {
    expect(new TraceError('item', 'x', 'frozen')).not.toBeInstanceOf(ValueError);
    expect(new ValueError('item', 'x', 'is bad')).not.toBeInstanceOf(TraceError);
    expect(String(new TraceError('toArray', undefined, 'frozen'))).toBe(
      'TraceError: toArray: frozen',
    );
  });
});
