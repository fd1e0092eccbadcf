/**
 * Fingerprinting parameters. They change the hashes, so they are stored with every fingerprint
 * and two fingerprints are only compared when their parameters agree.
 */

/** Parameters of {@link TextFingerprinter}. */
export interface FingerprintParams {
  /**
   * Tokens per shingle (a token is a word, or one CJK character). Default 3: three words keep
   * common phrases rare enough; three Chinese characters are about two words.
   */
  readonly shingleSize: number;
  /**
   * Winnowing window in shingles. Default 4: 40% of shingles are kept, and every shared run of
   * `windowSize + shingleSize − 1` = 6 tokens is guaranteed to share a fingerprint.
   */
  readonly windowSize: number;
  /**
   * Fingerprints kept at most: past it, a text keeps only hashes whose low `sampleBits` bits are
   * zero, one more bit each time the list overflows (the same hashes in every text, so matching
   * still works, with sparser hits). Default 262 144 (4 MiB stored).
   */
  readonly maxFingerprints: number;
}

/** Default parameters. */
export const DEFAULT_FINGERPRINT_PARAMS: FingerprintParams = Object.freeze({
  shingleSize: 3,
  windowSize: 4,
  maxFingerprints: 262_144,
});
