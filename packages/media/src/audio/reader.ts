/**
 * Random-access reads over a {@link MediaSource}: files are read piecewise with a file handle
 * (never whole), bytes are viewed in place. Audio decoders pull fixed-size chunks from it.
 */
import type { MediaSource } from '@mediadna/core';

/** Bytes of one source, read by offset. */
export interface ByteReader {
  /** Total size in bytes. */
  readonly size: number;
  /** Up to `length` bytes at `offset` (fewer at the end). The view may be reused by the next read. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Files only: read up to `target.length` bytes at `offset` into `target` (a buffer the caller
   * reuses, saving an allocation per read); resolves to the bytes read (fewer at the end).
   */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
  /** Release the file handle. */
  close(): Promise<void>;
}

/** Chunk size in bytes that decoders feed at a time (1 MiB ≈ 1 min of 128 kb/s audio). */
export const READ_CHUNK_BYTES: number = 1 << 20;

/** Open a reader over a source. */
export async function openByteReader(source: MediaSource): Promise<ByteReader> {
  if (source.type === 'bytes') {
    const bytes = source.bytes;
    return {
      size: bytes.length,
      read: async (offset, length) => bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + length, bytes.length)),
      close: async () => {},
    };
  }
  const fs = await import('node:fs/promises');
  const handle = await fs.open(source.path, 'r');
  const size = (await handle.stat()).size;
  const readInto = async (offset: number, target: Uint8Array): Promise<number> => {
    const count = Math.max(0, Math.min(target.length, size - offset));
    let done = 0;
    while (done < count) {
      const { bytesRead } = await handle.read(target, done, count - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  };
  return {
    size,
    read: async (offset, length) => {
      // A fresh buffer per read: WASM decoders may keep a reference to what they were fed.
      const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      return buffer.subarray(0, await readInto(offset, buffer));
    },
    readInto,
    close: () => handle.close(),
  };
}

/** Iterate a source in chunks of {@link READ_CHUNK_BYTES}, starting at `offset`. */
export async function* readChunks(reader: ByteReader, offset = 0, end: number = reader.size, chunkBytes: number = READ_CHUNK_BYTES): AsyncGenerator<Uint8Array> {
  for (let position = offset; position < end; position += chunkBytes) {
    const chunk = await reader.read(position, Math.min(chunkBytes, end - position));
    if (chunk.length === 0) return;
    yield chunk;
  }
}
