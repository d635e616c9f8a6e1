/** The typed arrays that hold figures and rows by position. */
export type NumberArray = Int32Array | Uint8Array | Float64Array;

/** A copy of a typed array with room for `length` items: what a growing column of a million figures needs. */
export function grown<T extends NumberArray>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}
