;; Layer III synthesis back end for the low-band MP3 decoder, 128-bit SIMD (f32x4): the long-block
;; IMDCT of the kept subbands, and the polyphase synthesis evaluated only at the kept outputs.
;;
;; Source of the bytes in synthesis-wasm.ts: edit this file, then run `node scripts/build-wasm.mjs`
;; (a test checks the two agree). All pointers are byte offsets into the exported memory, 16-byte
;; aligned; the layouts are those of mp3/synthesis-simd.ts.
(module
  (memory (export "memory") 1)

  ;; For each of `count` subbands: the 36 windowed IMDCT outputs of its 18 lines (spec, floats,
  ;; 18 per subband), times `weight`, from `matrix` (18 rows k of 40 floats: outputs 0..17 and
  ;; 18..35, each half padded to 20 with zeros). Outputs 0..17 are added to `sub` and 18..35 to
  ;; `next`, both 20 floats per subband.
  (func (export "imdct36")
    (param $spec i32) (param $matrix i32) (param $sub i32) (param $next i32) (param $count i32) (param $weight f32)
    (local $sb i32) (local $k i32) (local $x v128) (local $m i32) (local $s i32) (local $o i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128)
    (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $a8 v128) (local $a9 v128)
    (block $done
      (loop $subbands
        (br_if $done (i32.ge_u (local.get $sb) (local.get $count)))
        (local.set $a0 (v128.const f32x4 0 0 0 0)) (local.set $a1 (v128.const f32x4 0 0 0 0))
        (local.set $a2 (v128.const f32x4 0 0 0 0)) (local.set $a3 (v128.const f32x4 0 0 0 0))
        (local.set $a4 (v128.const f32x4 0 0 0 0)) (local.set $a5 (v128.const f32x4 0 0 0 0))
        (local.set $a6 (v128.const f32x4 0 0 0 0)) (local.set $a7 (v128.const f32x4 0 0 0 0))
        (local.set $a8 (v128.const f32x4 0 0 0 0)) (local.set $a9 (v128.const f32x4 0 0 0 0))
        (local.set $s (i32.add (local.get $spec) (i32.mul (local.get $sb) (i32.const 72))))
        (local.set $m (local.get $matrix))
        (local.set $k (i32.const 0))
        (loop $lines
          (local.set $x (f32x4.splat (f32.mul (f32.load (local.get $s)) (local.get $weight))))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load offset=0 (local.get $m)) (local.get $x))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 (local.get $m)) (local.get $x))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load offset=32 (local.get $m)) (local.get $x))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load offset=48 (local.get $m)) (local.get $x))))
          (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (v128.load offset=64 (local.get $m)) (local.get $x))))
          (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (v128.load offset=80 (local.get $m)) (local.get $x))))
          (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (v128.load offset=96 (local.get $m)) (local.get $x))))
          (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (v128.load offset=112 (local.get $m)) (local.get $x))))
          (local.set $a8 (f32x4.add (local.get $a8) (f32x4.mul (v128.load offset=128 (local.get $m)) (local.get $x))))
          (local.set $a9 (f32x4.add (local.get $a9) (f32x4.mul (v128.load offset=144 (local.get $m)) (local.get $x))))
          (local.set $s (i32.add (local.get $s) (i32.const 4)))
          (local.set $m (i32.add (local.get $m) (i32.const 160)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $lines (i32.lt_u (local.get $k) (i32.const 18))))
        (local.set $o (i32.add (local.get $sub) (i32.mul (local.get $sb) (i32.const 80))))
        (v128.store offset=0 (local.get $o) (f32x4.add (v128.load offset=0 (local.get $o)) (local.get $a0)))
        (v128.store offset=16 (local.get $o) (f32x4.add (v128.load offset=16 (local.get $o)) (local.get $a1)))
        (v128.store offset=32 (local.get $o) (f32x4.add (v128.load offset=32 (local.get $o)) (local.get $a2)))
        (v128.store offset=48 (local.get $o) (f32x4.add (v128.load offset=48 (local.get $o)) (local.get $a3)))
        (v128.store offset=64 (local.get $o) (f32x4.add (v128.load offset=64 (local.get $o)) (local.get $a4)))
        (local.set $o (i32.add (local.get $next) (i32.mul (local.get $sb) (i32.const 80))))
        (v128.store offset=0 (local.get $o) (f32x4.add (v128.load offset=0 (local.get $o)) (local.get $a5)))
        (v128.store offset=16 (local.get $o) (f32x4.add (v128.load offset=16 (local.get $o)) (local.get $a6)))
        (v128.store offset=32 (local.get $o) (f32x4.add (v128.load offset=32 (local.get $o)) (local.get $a7)))
        (v128.store offset=48 (local.get $o) (f32x4.add (v128.load offset=48 (local.get $o)) (local.get $a8)))
        (v128.store offset=64 (local.get $o) (f32x4.add (v128.load offset=64 (local.get $o)) (local.get $a9)))
        (local.set $sb (i32.add (local.get $sb) (i32.const 1)))
        (br $subbands))))

  ;; The 18 slots of a granule through the polyphase synthesis, `outputs` (a multiple of 4) kept
  ;; samples per slot. sub: 20 floats per subband, `keep` subbands. cosEven/cosOdd: [keep][outputs]
  ;; matrixing rows for V[j] and V[32 + j]; windowEven/windowOdd: [8][outputs] window taps;
  ;; ringEven/ringOdd: [32][outputs], the last 16 slots' V values written twice (rows h and h + 16)
  ;; so the newest 16 are contiguous from the head row. Writes 18 * outputs floats to `out`;
  ;; returns the new head.
  (func (export "synthesize")
    (param $sub i32) (param $keep i32) (param $outputs i32)
    (param $cosEven i32) (param $cosOdd i32) (param $windowEven i32) (param $windowOdd i32)
    (param $ringEven i32) (param $ringOdd i32) (param $head i32) (param $out i32) (result i32)
    (local $slot i32) (local $col i32) (local $k i32) (local $i i32) (local $rowBytes i32)
    (local $even v128) (local $odd v128) (local $s v128) (local $sum v128) (local $at i32) (local $r i32)
    (local.set $rowBytes (i32.shl (local.get $outputs) (i32.const 2)))
    (loop $slots
      (local.set $head (i32.and (i32.add (local.get $head) (i32.const 15)) (i32.const 15)))
      ;; V values of this slot into the rings.
      (local.set $col (i32.const 0))
      (loop $columns
        (local.set $even (v128.const f32x4 0 0 0 0))
        (local.set $odd (v128.const f32x4 0 0 0 0))
        (local.set $k (i32.const 0))
        (block $noSubbands
          (br_if $noSubbands (i32.eqz (local.get $keep)))
          (loop $subbands
            (local.set $s (f32x4.splat (f32.load
              (i32.add (local.get $sub) (i32.shl (i32.add (i32.mul (local.get $k) (i32.const 20)) (local.get $slot)) (i32.const 2))))))
            (local.set $at (i32.add (i32.mul (local.get $k) (local.get $rowBytes)) (local.get $col)))
            (local.set $even (f32x4.add (local.get $even) (f32x4.mul (v128.load (i32.add (local.get $cosEven) (local.get $at))) (local.get $s))))
            (local.set $odd (f32x4.add (local.get $odd) (f32x4.mul (v128.load (i32.add (local.get $cosOdd) (local.get $at))) (local.get $s))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br_if $subbands (i32.lt_u (local.get $k) (local.get $keep)))))
        (local.set $at (i32.add (i32.mul (local.get $head) (local.get $rowBytes)) (local.get $col)))
        (v128.store (i32.add (local.get $ringEven) (local.get $at)) (local.get $even))
        (v128.store (i32.add (local.get $ringOdd) (local.get $at)) (local.get $odd))
        (local.set $at (i32.add (local.get $at) (i32.shl (local.get $rowBytes) (i32.const 4))))
        (v128.store (i32.add (local.get $ringEven) (local.get $at)) (local.get $even))
        (v128.store (i32.add (local.get $ringOdd) (local.get $at)) (local.get $odd))
        (local.set $col (i32.add (local.get $col) (i32.const 16)))
        (br_if $columns (i32.lt_u (local.get $col) (local.get $rowBytes))))
      ;; Windowed sum over the last 16 slots: even ages from ringEven, odd ages from ringOdd.
      (local.set $col (i32.const 0))
      (loop $outputColumns
        (local.set $sum (v128.const f32x4 0 0 0 0))
        (local.set $i (i32.const 0))
        (loop $taps
          (local.set $at (i32.add (i32.mul (local.get $i) (local.get $rowBytes)) (local.get $col)))
          (local.set $r (i32.add (i32.mul (i32.add (local.get $head) (i32.shl (local.get $i) (i32.const 1))) (local.get $rowBytes)) (local.get $col)))
          (local.set $sum (f32x4.add (local.get $sum)
            (f32x4.mul (v128.load (i32.add (local.get $windowEven) (local.get $at))) (v128.load (i32.add (local.get $ringEven) (local.get $r))))))
          (local.set $sum (f32x4.add (local.get $sum)
            (f32x4.mul (v128.load (i32.add (local.get $windowOdd) (local.get $at)))
              (v128.load (i32.add (local.get $ringOdd) (i32.add (local.get $r) (local.get $rowBytes)))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $taps (i32.lt_u (local.get $i) (i32.const 8))))
        (v128.store
          (i32.add (local.get $out) (i32.add (i32.mul (local.get $slot) (local.get $rowBytes)) (local.get $col)))
          (local.get $sum))
        (local.set $col (i32.add (local.get $col) (i32.const 16)))
        (br_if $outputColumns (i32.lt_u (local.get $col) (local.get $rowBytes))))
      (local.set $slot (i32.add (local.get $slot) (i32.const 1)))
      (br_if $slots (i32.lt_u (local.get $slot) (i32.const 18))))
    (local.get $head)))
