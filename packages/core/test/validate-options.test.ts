import { describe, expect, it } from 'vitest';
import { DnaErrorCode, checkBooleanOption, checkNumberOption } from '../src/index.js';

describe('option checks', () => {
  it('accepts absent and in-range values', () => {
    expect(() => checkNumberOption('t', {}, 'rate', 0, 10, false)).not.toThrow();
    expect(() => checkNumberOption('t', { rate: 10 }, 'rate', 0, 10, true)).not.toThrow();
    expect(() => checkBooleanOption('t', { flip: false }, 'flip')).not.toThrow();
  });
  it('says InvalidParameter for a wrong type and OutOfRange for a number outside the range', () => {
    expect(() => checkNumberOption('t', { rate: '3' }, 'rate', 0, 10, false)).toThrow(expect.objectContaining({ code: DnaErrorCode.InvalidParameter }));
    expect(() => checkNumberOption('t', { rate: 2.5 }, 'rate', 0, 10, true)).toThrow(expect.objectContaining({ code: DnaErrorCode.InvalidParameter }));
    expect(() => checkNumberOption('t', { rate: Number.NaN }, 'rate', 0, 10, false)).toThrow(expect.objectContaining({ code: DnaErrorCode.InvalidParameter }));
    expect(() => checkNumberOption('t', { rate: 11 }, 'rate', 0, 10, false, 'Config.Rate')).toThrow(
      expect.objectContaining({ code: DnaErrorCode.OutOfRange, message: '[mediadna] [t] Expected a number in 0..10 for Config.Rate but received 11 of type number' }),
    );
    expect(() => checkBooleanOption('t', { flip: 'yes' }, 'flip')).toThrow(expect.objectContaining({ code: DnaErrorCode.InvalidParameter }));
  });
});
