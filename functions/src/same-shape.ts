/** Type-level check that a structural zod schema's output is exactly a type made elsewhere. */

/**
 * `true` when A and B are the same type, else `false`: `const same: Same<X, Y> = true` stops the
 * type-check when a field is added to one side and forgotten on the other.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
