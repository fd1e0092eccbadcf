/**
 * Turning ffmpeg's exit status and stderr into a specific {@link DnaError}. ffmpeg's messages are
 * stable enough to classify: the last lines of stderr are kept on the error message.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import type { DnaError } from '@mediadna/core';

/** Keep the last `limit` characters of a growing log (bounded memory for chatty decoders). */
export class LogTail {
  private text = '';
  constructor(private readonly limit: number = 16_384) {}
  push(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.limit * 2) this.text = this.text.slice(-this.limit);
  }
  toString(): string {
    return this.text.length > this.limit ? this.text.slice(-this.limit) : this.text;
  }
}

const RULES: readonly (readonly [RegExp, DnaError['code'], string])[] = [
  [/moov atom not found/i, DnaErrorCode.MediaCorrupt, 'MP4/MOV has no moov box (the index is missing; the file is incomplete or not finalised)'],
  [/(partial file|end of file|truncat|Invalid NAL unit size|stream \d+, offset 0x[0-9a-f]+: partial)/i, DnaErrorCode.MediaTruncated, 'the file ends early (truncated)'],
  [/(Decoder \(codec [^)]*\) not found|Unsupported codec|codec not currently supported|unknown codec|Could not find codec parameters|no decoder)/i, DnaErrorCode.MediaUnsupported, 'the codec is not supported by this decoder'],
  [/(Invalid data found when processing input|could not find corresponding trex|error reading header|Failed to read frame size|Format .* detected only with low score)/i, DnaErrorCode.MediaCorrupt, 'ffmpeg could not read the container (corrupt or not a video)'],
  [/(Output file #0 does not contain any stream|does not contain any stream|Stream map .* matches no streams)/i, DnaErrorCode.MediaNoContent, 'the file has no stream of the wanted kind'],
  [/(Cannot allocate memory|Picture size \d+x\d+ is invalid|dimensions .* too large)/i, DnaErrorCode.MediaTooManyPixels, 'the frame size is too large to decode'],
];

function lastLines(log: string, count: number): string {
  const lines = log.split('\n').map((line) => line.trim()).filter((line) => line.length > 0 && !line.startsWith('[Parsed_showinfo'));
  return lines.slice(-count).join(' | ').slice(0, 600);
}

/**
 * Classify an ffmpeg failure. `what` names the file in the message.
 * @returns a DnaError with a media code (`InvalidMedia.*`) or `Decoder.Unavailable`.
 */
export function ffmpegFailure(log: string, exitCode: number | null, what: string, backend: string): DnaError {
  for (const [pattern, code, reason] of RULES) {
    if (pattern.test(log)) return dnaError(code, `[mediadna] [video] Cannot decode ${what}: ${reason} (${backend} ffmpeg: ${lastLines(log, 2)})`);
  }
  return dnaError(
    DnaErrorCode.MediaCorrupt,
    `[mediadna] [video] Cannot decode ${what}: ${backend} ffmpeg failed with status ${exitCode} (${lastLines(log, 3) || 'no message'})`,
  );
}
