/**
 * Offsets of reduced text (HTML or Markdown turned into its text) back to the source file.
 * Runs are `(outStart, outLength, sourceStart, sourceLength)`: equal lengths map one to one,
 * otherwise the whole run maps to its source range (an entity, a line break made from a tag).
 */

/** A reduced text and the map of its offsets into the source. */
export interface ReducedText {
  /** The text content. */
  readonly text: string;
  /** Runs as flat quadruples `[outStart, outLength, sourceStart, sourceLength, …]`; empty = identity. */
  readonly runs: Uint32Array;
}

/** Builds a reduced text piece by piece. */
export class ReducedTextBuilder {
  private readonly parts: string[] = [];
  private runs: Uint32Array = new Uint32Array(64);
  private runCount = 0;
  private outLength = 0;

  /** Append `source[start, end)` unchanged. */
  copy(source: string, start: number, end: number): void {
    if (end <= start) return;
    this.parts.push(source.slice(start, end));
    this.addRun(this.outLength, end - start, start, end - start);
    this.outLength += end - start;
  }

  /** Append `text` standing for `source[start, end)`. */
  emit(text: string, start: number, end: number): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.addRun(this.outLength, text.length, start, end - start);
    this.outLength += text.length;
  }

  private addRun(outStart: number, outLength: number, sourceStart: number, sourceLength: number): void {
    const n = this.runCount * 4;
    // merge with the previous run when both are one-to-one and contiguous
    if (n > 0 && outLength === sourceLength) {
      const r = this.runs;
      if (r[n - 3] === r[n - 1] && r[n - 4] + r[n - 3] === outStart && r[n - 2] + r[n - 1] === sourceStart) {
        r[n - 3] += outLength;
        r[n - 1] += sourceLength;
        return;
      }
    }
    if (n + 4 > this.runs.length) {
      const grown = new Uint32Array(this.runs.length * 2);
      grown.set(this.runs);
      this.runs = grown;
    }
    this.runs[n] = outStart;
    this.runs[n + 1] = outLength;
    this.runs[n + 2] = sourceStart;
    this.runs[n + 3] = sourceLength;
    this.runCount++;
  }

  /** The reduced text. */
  build(): ReducedText {
    return { text: this.parts.join(''), runs: this.runs.slice(0, this.runCount * 4) };
  }
}

function findRun(runs: Uint32Array, offset: number): number {
  let lo = 0;
  let hi = runs.length / 4 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (runs[mid * 4] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo * 4;
}

/** Source offset of the start of reduced character `offset`. */
export function sourceStart(runs: Uint32Array, offset: number): number {
  if (runs.length === 0) return offset;
  const r = findRun(runs, offset);
  const delta = offset - runs[r];
  if (runs[r + 1] === runs[r + 3]) return runs[r + 2] + Math.min(delta, runs[r + 1]);
  return runs[r + 2];
}

/** Source offset just after reduced character `offset − 1` (the end of a range ending at `offset`). */
export function sourceEnd(runs: Uint32Array, offset: number): number {
  if (runs.length === 0) return offset;
  if (offset === 0) return sourceStart(runs, 0);
  const r = findRun(runs, offset - 1);
  const delta = offset - runs[r];
  if (runs[r + 1] === runs[r + 3]) return runs[r + 2] + Math.min(delta, runs[r + 1]);
  return runs[r + 2] + runs[r + 3];
}
