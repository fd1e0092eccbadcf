/** Small predicates used to validate public options once, at the boundary. */
import { DnaErrorCode, invalidParameter } from './errors.js';

export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function inRange(value: number, min: number, max: number): boolean {
  return value >= min && value <= max;
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

export function isTypedArray(value: unknown): value is ArrayBufferView {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** Byte length of a string in UTF-8. */
export function utf8ByteLength(value: string): number {
  return new TextEncoder().encode(value).length;
}

/**
 * Check an optional numeric option `options[name]` (absent is fine). `label` names it in the
 * message (default `name`, e.g. `"Config.MaxMatches"`).
 * @throws DnaError `InvalidParameter` for a value of the wrong type (or a non-integer where one is
 * needed), `InvalidParameter.OutOfRange` for a number outside `min..max`.
 */
export function checkNumberOption(
  where: string,
  options: Readonly<Record<string, unknown>>,
  name: string,
  min: number,
  max: number,
  integer: boolean,
  label: string = name,
): void {
  const value = options[name];
  if (value === undefined) return;
  const typed = integer ? isInteger(value) : isNumber(value);
  if (typed && inRange(value as number, min, max)) return;
  const code = typed ? DnaErrorCode.OutOfRange : DnaErrorCode.InvalidParameter;
  throw invalidParameter(where, label, `${integer ? 'an integer' : 'a number'} in ${min}..${max}`, value, code);
}

/**
 * Check an optional boolean option `options[name]` (absent is fine).
 * @throws DnaError `InvalidParameter`
 */
export function checkBooleanOption(where: string, options: Readonly<Record<string, unknown>>, name: string, label: string = name): void {
  const value = options[name];
  if (value !== undefined && typeof value !== 'boolean') throw invalidParameter(where, label, 'true or false', value);
}
