/**
 * New declaration references (src/lib/reference.ts): eight random digits and a Luhn check digit,
 * written `4829-1536-7`.
 */
import { formatReference, luhnDigit } from '../../src/lib/reference';

/** A new random reference such as `4829-1536-7`. */
export function newReference(): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  const body = String(((random[0] ?? 0) % 90_000_000) + 10_000_000);
  return formatReference(body + String(luhnDigit(body)));
}
