/**
 * Media error helpers for the image decoders: one message shape, `[mediadna] [image] …`, and a
 * mapping from third-party decoder exceptions to mediadna codes.
 */
import { DnaErrorCode, dnaError, isDnaError } from '@mediadna/core';
import type { DnaError } from '@mediadna/core';
import type { DnaErrorCodeValue, SniffedFormat } from '@mediadna/core';

/** A media error with the image prefix. */
export function imageError(code: DnaErrorCodeValue, message: string): DnaError {
  return dnaError(code, `[mediadna] [image] ${message}`);
}

const TRUNCATED_PATTERN = /premature end|unexpected end|truncat|end of (file|data|stream|input)|not enough data|out of data|short read|eof|incomplete|read error|offset is out of bounds|outside the bounds/i;

/**
 * The message of anything thrown. wasm-vips throws `WebAssembly.Exception`s whose `message` is
 * an array `['vips::Error', 'text']`.
 */
export function errorText(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  if (Array.isArray(message)) return message.filter((part) => part !== 'vips::Error').join(' ');
  if (typeof message === 'string') return message;
  return String(error);
}

/**
 * Turn anything a decoder threw into a `DnaError`: DnaErrors pass through, messages that talk
 * about running out of data become `InvalidMedia.Truncated` (unless the caller already checked
 * that the data is structurally complete), everything else `InvalidMedia.Corrupt`.
 */
export function toMediaError(error: unknown, format: SniffedFormat, decoder: string, assumeComplete = false): DnaError {
  if (isDnaError(error)) return error;
  const text = errorText(error);
  const firstLine = text.split('\n').filter((line) => line.trim() !== '').slice(0, 2).join(' ').slice(0, 300);
  if (!assumeComplete && TRUNCATED_PATTERN.test(text)) {
    return imageError(DnaErrorCode.MediaTruncated, `The ${format} data is truncated (${decoder}: ${firstLine})`);
  }
  return imageError(DnaErrorCode.MediaCorrupt, `The ${format} data is corrupt (${decoder}: ${firstLine})`);
}
