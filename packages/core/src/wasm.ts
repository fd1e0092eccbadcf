/**
 * Loading the small hand-written WebAssembly SIMD kernels the packages embed (as base64, made by
 * scripts/build-wasm.mjs): compiled synchronously, once per thread by the caller, and `null`
 * where the runtime lacks WebAssembly or its SIMD extension, so callers keep a JavaScript path.
 */

/** Decode base64 (the embedded module bytes) without Node's Buffer, so browsers load it too. */
export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Compile an embedded module, or return null where it cannot run here (no WebAssembly, no SIMD,
 * or a content security policy that forbids compiling).
 * @example const module = compileWasm(FIR_WASM_BASE64); // cache it: compiling is per call
 */
export function compileWasm(base64: string): WebAssembly.Module | null {
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = base64Bytes(base64);
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}

/**
 * Compile and instantiate an embedded module that imports nothing; its exports typed as `T`, or
 * null where it cannot run here (as {@link compileWasm}).
 */
export function instantiateWasm<T>(base64: string): T | null {
  const module = compileWasm(base64);
  return module ? (new WebAssembly.Instance(module).exports as unknown as T) : null;
}

/**
 * A per-thread, lazily made singleton over an embedded module: the first call instantiates it and
 * wraps its exports with `make`; every call returns that, or null where it cannot run here.
 * @example export const kernel: () => Kernel | null = lazyWasm(KERNEL_BASE64, (exports) => new Kernel(exports));
 */
export function lazyWasm<T>(base64: string, make: (exports: WebAssembly.Exports) => T): () => T | null {
  let value: T | null | undefined;
  return () => {
    if (value === undefined) {
      const exports = instantiateWasm<WebAssembly.Exports>(base64);
      value = exports ? make(exports) : null;
    }
    return value;
  };
}
