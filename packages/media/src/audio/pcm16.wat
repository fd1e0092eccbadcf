;; 16-bit PCM to mono float32, 128-bit SIMD: the WAV conversion and downmix in one pass.
;;
;; Source of the bytes in pcm16-wasm.ts: edit this file, then run `node scripts/build-wasm.mjs`
;; (a test checks the two agree).
;;
;; Stereo: eight samples (four frames) per step; i32x4.extadd_pairwise_i16x8_s adds each frame's
;; left and right exactly, then one multiply by 1/65536 gives their average in [-1, 1). Mono:
;; sign-extend and multiply by 1/32768. `frames` is rounded up to a step (the caller leaves room).
(module
  (memory (export "memory") 1)
  (func (export "stereo") (param $in i32) (param $out i32) (param $frames i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $frames) (i32.const 2))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out)
          (f32x4.mul
            (f32x4.convert_i32x4_s (i32x4.extadd_pairwise_i16x8_s (v128.load (local.get $in))))
            (v128.const f32x4 0x1p-16 0x1p-16 0x1p-16 0x1p-16)))
        (local.set $in (i32.add (local.get $in) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $step))))
  (func (export "mono") (param $in i32) (param $out i32) (param $frames i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $frames) (i32.const 2))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $v (v128.load (local.get $in)))
        (v128.store (local.get $out)
          (f32x4.mul (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $v)))
            (v128.const f32x4 0x1p-15 0x1p-15 0x1p-15 0x1p-15)))
        (v128.store offset=16 (local.get $out)
          (f32x4.mul (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $v)))
            (v128.const f32x4 0x1p-15 0x1p-15 0x1p-15 0x1p-15)))
        (local.set $in (i32.add (local.get $in) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (br $step))))
)
