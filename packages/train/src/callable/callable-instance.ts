/**
 * An object that is also a function: `invoke(self, ...args)` runs when it is called, and its
 * prototype is `prototype`, so `instanceof`, methods and subclass fields all work. A
 * constructor that returns it makes its instances callable (`net(x)`, `optimizer(grads)`).
 * Base-class fields must then be set on the returned object, never as initializers (those
 * land on the object `new` made and threw away).
 *
 * For example, a class whose constructor returns
 * `callableInstance<Doubler, [number], number>(new.target.prototype, (self, x) => self.run(x))`
 * makes `new Doubler()(3)` call `run(3)`. (Internal, not part of the public API: no `@example`.)
 */
export function callableInstance<Self extends object, Args extends unknown[], Result>(
  prototype: object,
  invoke: (self: Self, ...args: Args) => Result,
): Self {
  const call = (...args: Args): Result => invoke(call as unknown as Self, ...args);
  // A function's own `length` and `name` would shadow subclass members of those names.
  Reflect.deleteProperty(call, 'length');
  Reflect.deleteProperty(call, 'name');
  Object.setPrototypeOf(call, prototype);
  return call as unknown as Self;
}
