/** Identifier and time formats of the cloud API. */

function randomBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, '0');
  return out;
}

/** A fresh `RequestId`: upper-case dashed UUID v4, e.g. `25818875-5F78-4A13-BEF6-D7393642CA58`. */
export function newRequestId(): string {
  return globalThis.crypto.randomUUID().toUpperCase();
}

/** A fresh `DBId` or `JobId`: 32 lower-case hex characters. */
export function newHexId(): string {
  return toHex(randomBytes(16));
}

/** True for a 32-character lower-case hex id. */
export function isHexId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);
}

/** UTC time as the cloud writes it: `YYYY-MM-DDThh:mm:ssZ`. */
export function formatUtcTime(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Seconds as the cloud writes them: a decimal string with at least one fractional digit ("2.0", "12.35"). */
export function formatSeconds(seconds: number): string {
  const rounded = Math.round(seconds * 100) / 100;
  return Number.isInteger(rounded) ? rounded.toFixed(1) : String(rounded);
}

/** A similarity in [0, 1] as a string with at most 4 decimals ("1", "0.98"). */
export function formatSimilarity(similarity: number): string {
  const clamped = Math.min(1, Math.max(0, similarity));
  return String(Math.round(clamped * 10000) / 10000);
}
