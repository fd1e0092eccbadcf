/**
 * Checks for the engines' own Config fields, shared so every engine answers a bad field the same
 * way: a value of the wrong type is `InvalidParameter`, a number outside its range is
 * `InvalidParameter.OutOfRange`, and an absent field takes its default.
 */
import { DnaErrorCode, inRange, invalidParameter, isInteger, isNumber } from '@mediadna/core';
import type { EngineConfig } from '../engine.js';

const WHERE = 'SubmitDNAJob';

/**
 * The number in `Config[name]`, or `fallback` when absent.
 * @throws DnaError `InvalidParameter` (not a number / not an integer) or `InvalidParameter.OutOfRange`.
 */
export function readConfigNumber(config: EngineConfig, name: string, min: number, max: number, integer: boolean, fallback: number): number {
  const value = config[name];
  if (value === undefined) return fallback;
  const typed = integer ? isInteger(value) : isNumber(value);
  if (!typed || !inRange(value as number, min, max)) {
    const code = typed ? DnaErrorCode.OutOfRange : DnaErrorCode.InvalidParameter;
    throw invalidParameter(WHERE, `Config.${name}`, `${integer ? 'an integer' : 'a number'} in ${min}..${max}`, value, code);
  }
  return value as number;
}

/** Check an optional numeric field without reading it (see {@link readConfigNumber}). */
export function checkConfigNumber(config: EngineConfig, name: string, min: number, max: number, integer: boolean): void {
  readConfigNumber(config, name, min, max, integer, 0);
}

/**
 * Check an optional boolean field.
 * @throws DnaError `InvalidParameter`
 */
export function checkConfigBoolean(config: EngineConfig, name: string): void {
  const value = config[name];
  if (value !== undefined && typeof value !== 'boolean') throw invalidParameter(WHERE, `Config.${name}`, 'true or false', value);
}
