// input
export { decodeText, detectEncoding, isKnownEncoding, looksBinary, StreamingTextDecoder } from './decode.js';
export type { DetectedEncoding } from './decode.js';
export { htmlToText, looksLikeHtml, decodeHtmlEntities } from './html.js';
export { markdownToText } from './markdown.js';
export { ReducedTextBuilder, sourceStart, sourceEnd } from './source-map.js';
export type { ReducedText } from './source-map.js';
export { parseTranscript, detectTranscriptFormat, transcriptFromCues, secondsAtOffset, parseTimestamp } from './transcript.js';
export type { Cue, Transcript, TranscriptFormat } from './transcript.js';
// normalisation and tokens
export { normalizeText, normalizeCharacter, normalizeSlice, NormalizeBuffer } from './normalize.js';
export { foldTraditional, traditionalFoldCount } from './han-fold.js';
export type { NormalizedText } from './normalize.js';
export { Tokenizer, TokenCollector, isIdeographUnit } from './tokens.js';
export type { TokenSink, TokenList } from './tokens.js';
export { fnv1a32, fmix32, combineHashes, fnvStep, FNV_OFFSET, FNV_PRIME } from './hash.js';
// fingerprints
export { DEFAULT_FINGERPRINT_PARAMS } from './params.js';
export type { FingerprintParams } from './params.js';
export {
  MINHASH_BINS,
  LSH_BANDS,
  LSH_ROWS,
  createMinHash,
  updateMinHash,
  densifyMinHash,
  estimateJaccard,
  lshBandKeys,
  naiveMinHash,
} from './minhash.js';
export { SimHashAccumulator, simHash64, simHashBlockKeys, naiveSimHash64 } from './simhash.js';
export { Winnower, FingerprintList, naiveWinnow } from './winnow.js';
export { TextFingerprinter, fingerprintText } from './fingerprint.js';
export type { TextFingerprint } from './fingerprint.js';
// documents and matching
export { createTextDocument, createTranscriptDocument, createCuesDocument, DEFAULT_MAX_STORED_CHARS } from './document.js';
export type { TextDocument, TextDocumentOptions, TextFormat, CueLayout } from './document.js';
export { serializeTextDocument, deserializeTextDocument, TEXT_ALGORITHM, TEXT_FORMAT_VERSION } from './serialize.js';
export { alignPassages, DEFAULT_ALIGN_OPTIONS } from './align.js';
export type { AlignOptions, Passage } from './align.js';
export { matchTextDocuments, compareTextDocuments, excerpt, DEFAULT_MATCH_OPTIONS } from './match.js';
export type { MatchOptions, TextComparison } from './match.js';
