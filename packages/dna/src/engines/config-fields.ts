/**
 * Checks for the engines' own Config fields, shared so every engine answers a bad field the same
 * way: a value of the wrong type is `InvalidParameter`, a number outside its range is
 * `InvalidParameter.OutOfRange`, and an absent field takes its default.
 */
import { checkBooleanOption, checkNumberOption, invalidParameter } from '@mediadna/core';
import type { EngineConfig } from '../engine.js';

const WHERE = 'SubmitDNAJob';

/** Check an optional numeric field (see `checkNumberOption` in `@mediadna/core`). */
export function checkConfigNumber(config: EngineConfig, name: string, min: number, max: number, integer: boolean): void {
  checkNumberOption(WHERE, config, name, min, max, integer, `Config.${name}`);
}

/** The number in `Config[name]` after {@link checkConfigNumber}, or `fallback` when absent. */
export function readConfigNumber(config: EngineConfig, name: string, min: number, max: number, integer: boolean, fallback: number): number {
  checkConfigNumber(config, name, min, max, integer);
  return (config[name] as number | undefined) ?? fallback;
}

/**
 * Check an optional boolean field.
 * @throws DnaError `InvalidParameter`
 */
export function checkConfigBoolean(config: EngineConfig, name: string): void {
  checkBooleanOption(WHERE, config, name, `Config.${name}`);
}

/**
 * Check an optional field that must be one of `choices` (e.g. the decoders' `Backend`).
 * @throws DnaError `InvalidParameter`
 */
export function checkConfigChoice(config: EngineConfig, name: string, choices: readonly string[]): void {
  const value = config[name];
  if (value === undefined || choices.includes(value as string)) return;
  const quoted = choices.map((choice) => `"${choice}"`);
  const expected = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}` : quoted[0];
  throw invalidParameter(WHERE, `Config.${name}`, expected, value);
}
