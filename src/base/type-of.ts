/**
 * A stand-in value of type T, for places that want a type and never read the
 * value: XState's `setup({ types })` (the documented `{} as T` idiom, without a
 * cast at each machine). XState keeps `types` for the compiler only.
 */
export function typeOf<T>(): T {
  // The one cast this needs: there is no value of an arbitrary T, and none is read.
  return undefined as unknown as T;
}
