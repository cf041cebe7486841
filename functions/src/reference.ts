/**
 * Declaration references: nine digits read aloud easily over the phone or at a checkpoint
 * ("4829-1536-7"), the last a Luhn check digit so staff can tell a mistyped one from a real one.
 */

function luhnDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** A new random reference such as `4829-1536-7`. */
export function newReference(): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  const body = String(((random[0] ?? 0) % 90_000_000) + 10_000_000);
  const digits = body + String(luhnDigit(body));
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}`;
}
