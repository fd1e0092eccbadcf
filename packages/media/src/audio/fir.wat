;; Polyphase FIR kernel for the audio resampler, 128-bit SIMD (f32x4).
;;
;; Source of the bytes in fir-wasm.ts: edit this file, then run `node scripts/build-wasm.mjs`
;; (a test checks the two agree).
;;
;; out[j] = sum over k < 4*vecs of hist[s_j + k] * table[row_j * 4*vecs + k], where output j sits
;; at input position s_j + fraction_j / outputRate, stepped exactly by stepWhole + stepFraction /
;; outputRate, and row_j = floor(fraction_j * phaseScale + 0.5) picks the tabulated phase. An
;; integer ratio is the case stepFraction = 0, phaseScale = 0 (always row 0). Rows are padded with
;; zero taps to a multiple of 4; the caller keeps the samples read by the padding finite.
;; All pointers are byte offsets into the exported memory; hist, table and rows are 16-byte aligned.
(module
  (memory (export "memory") 1)
  (func (export "fir")
    (param $hist i32) (param $out i32) (param $count i32) (param $table i32) (param $vecs i32)
    (param $start i32) (param $fraction f64) (param $stepWhole i32) (param $stepFraction f64)
    (param $outputRate f64) (param $phaseScale f64)
    (local $end i32) (local $h i32) (local $c i32) (local $v i32) (local $rowBytes i32)
    (local $acc0 v128) (local $acc1 v128)
    (local.set $rowBytes (i32.shl (local.get $vecs) (i32.const 4)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $outputs
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $c
          (i32.add (local.get $table)
            (i32.mul (local.get $rowBytes)
              (i32.trunc_f64_u (f64.add (f64.mul (local.get $fraction) (local.get $phaseScale)) (f64.const 0.5))))))
        (local.set $h (i32.add (local.get $hist) (i32.shl (local.get $start) (i32.const 2))))
        ;; Two accumulators over pairs of vectors (independent adds), then an odd one out.
        (local.set $acc0 (f32x4.mul (v128.load (local.get $h)) (v128.load (local.get $c))))
        (local.set $acc1 (v128.const f32x4 0 0 0 0))
        (local.set $v (i32.sub (local.get $vecs) (i32.const 1)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.lt_u (local.get $v) (i32.const 2)))
            (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (v128.load (local.get $h)) (v128.load (local.get $c)))))
            (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (v128.load offset=16 (local.get $h)) (v128.load offset=16 (local.get $c)))))
            (local.set $h (i32.add (local.get $h) (i32.const 32)))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (local.set $v (i32.sub (local.get $v) (i32.const 2)))
            (br $pairs)))
        (if (local.get $v)
          (then (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (v128.load (local.get $h)) (v128.load (local.get $c)))))))
        (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $acc1)))
        (local.set $acc0 (f32x4.add (local.get $acc0)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $acc0) (local.get $acc0))))
        (f32.store (local.get $out)
          (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $start (i32.add (local.get $start) (local.get $stepWhole)))
        (local.set $fraction (f64.add (local.get $fraction) (local.get $stepFraction)))
        (if (f64.ge (local.get $fraction) (local.get $outputRate))
          (then
            (local.set $fraction (f64.sub (local.get $fraction) (local.get $outputRate)))
            (local.set $start (i32.add (local.get $start) (i32.const 1)))))
        (br $outputs))))
;; Half-band ÷2 with symmetric taps, four outputs per step (vertical SIMD, no horizontal sums).
;;
;; Output j is centred on window sample c + 2j; its non-zero taps are the centre (coefficient
;; `centre`) and pairs at odd distances d = 1, 3, 5 ... (coefficient pair[p] for d = 2p + 1).
;; The window is first split into even and odd samples; then the centre of outputs j..j+3 is one
;; contiguous load from one half, and each pair two contiguous loads from the other half, at
;; offsets loBase - p and hiBase + p (the caller works them out from c's parity).
;; `quads` groups of four outputs are written; the window must cover them (padding finite).
  (func (export "halfband")
    (param $window i32) (param $pairsOfSamples i32) (param $even i32) (param $odd i32)
    (param $out i32) (param $quads i32)
    (param $centreHalf i32) (param $centreOffset i32) (param $pairHalf i32) (param $loBase i32) (param $hiBase i32)
    (param $pair i32) (param $pairCount i32) (param $centre f32)
    (local $i i32) (local $a v128) (local $b v128) (local $end i32)
    (local $lo i32) (local $hi i32) (local $c i32) (local $p i32) (local $acc0 v128) (local $acc1 v128) (local $centreV v128)
    ;; 1. Split: four pairs of samples per step into the even and odd halves.
    (local.set $end (i32.add (local.get $window) (i32.shl (local.get $pairsOfSamples) (i32.const 3))))
    (local.set $i (i32.const 0))
    (block $splitDone
      (loop $split
        (br_if $splitDone (i32.ge_u (local.get $window) (local.get $end)))
        (local.set $a (v128.load (local.get $window)))
        (local.set $b (v128.load offset=16 (local.get $window)))
        (v128.store (i32.add (local.get $even) (local.get $i))
          (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
        (v128.store (i32.add (local.get $odd) (local.get $i))
          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)))
        (local.set $window (i32.add (local.get $window) (i32.const 32)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $split)))
    ;; 2. Four outputs per step.
    (local.set $centreV (f32x4.splat (local.get $centre)))
    (local.set $centreHalf (i32.add (local.get $centreHalf) (i32.shl (local.get $centreOffset) (i32.const 2))))
    (local.set $loBase (i32.add (local.get $pairHalf) (i32.shl (local.get $loBase) (i32.const 2))))
    (local.set $hiBase (i32.add (local.get $pairHalf) (i32.shl (local.get $hiBase) (i32.const 2))))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $quads) (i32.const 4))))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $acc0 (f32x4.mul (v128.load (local.get $centreHalf)) (local.get $centreV)))
        (local.set $acc1 (v128.const f32x4 0 0 0 0))
        (local.set $lo (local.get $loBase))
        (local.set $hi (local.get $hiBase))
        (local.set $c (local.get $pair))
        (local.set $p (local.get $pairCount))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.lt_u (local.get $p) (i32.const 2)))
            (local.set $acc0 (f32x4.add (local.get $acc0)
              (f32x4.mul (f32x4.add (v128.load (local.get $lo)) (v128.load (local.get $hi))) (v128.load (local.get $c)))))
            (local.set $acc1 (f32x4.add (local.get $acc1)
              (f32x4.mul (f32x4.add (v128.load (i32.sub (local.get $lo) (i32.const 4))) (v128.load offset=4 (local.get $hi))) (v128.load offset=16 (local.get $c)))))
            (local.set $lo (i32.sub (local.get $lo) (i32.const 8)))
            (local.set $hi (i32.add (local.get $hi) (i32.const 8)))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (local.set $p (i32.sub (local.get $p) (i32.const 2)))
            (br $pairs)))
        (if (local.get $p)
          (then (local.set $acc1 (f32x4.add (local.get $acc1)
            (f32x4.mul (f32x4.add (v128.load (local.get $lo)) (v128.load (local.get $hi))) (v128.load (local.get $c)))))))
        (v128.store (local.get $out) (f32x4.add (local.get $acc0) (local.get $acc1)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $centreHalf (i32.add (local.get $centreHalf) (i32.const 16)))
        (local.set $loBase (i32.add (local.get $loBase) (i32.const 16)))
        (local.set $hiBase (i32.add (local.get $hiBase) (i32.const 16)))
        (br $quads))))
;; The `fir` loop for an exact rational ratio, from tables instead of floating-point stepping:
;; outputs repeat their phases every `period` outputs, so output q of a period reads its row at
;; table + rowBytes[q] and is followed by an advance of stepBytes[q] in the input (both i32
;; tables of `period` entries, bytes). Starts at phase `q` with the input at hist + start bytes.
  (func (export "firPeriodic")
    (param $hist i32) (param $out i32) (param $count i32) (param $table i32) (param $vecs i32)
    (param $start i32) (param $q i32) (param $period i32) (param $rowBytes i32) (param $stepBytes i32)
    (local $end i32) (local $h i32) (local $c i32) (local $v i32) (local $acc0 v128) (local $acc1 v128) (local $at i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $h (i32.add (local.get $hist) (local.get $start)))
    (block $done
      (loop $outputs
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $at (i32.shl (local.get $q) (i32.const 2)))
        (local.set $c (i32.add (local.get $table) (i32.load (i32.add (local.get $rowBytes) (local.get $at)))))
        (local.set $start (local.get $h))
        (local.set $acc0 (f32x4.mul (v128.load (local.get $start)) (v128.load (local.get $c))))
        (local.set $acc1 (v128.const f32x4 0 0 0 0))
        (local.set $v (i32.sub (local.get $vecs) (i32.const 1)))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.lt_u (local.get $v) (i32.const 2)))
            (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (v128.load offset=16 (local.get $start)) (v128.load offset=16 (local.get $c)))))
            (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (v128.load offset=32 (local.get $start)) (v128.load offset=32 (local.get $c)))))
            (local.set $start (i32.add (local.get $start) (i32.const 32)))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (local.set $v (i32.sub (local.get $v) (i32.const 2)))
            (br $pairs)))
        (if (local.get $v)
          (then (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (v128.load offset=16 (local.get $start)) (v128.load offset=16 (local.get $c)))))))
        (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $acc1)))
        (local.set $acc0 (f32x4.add (local.get $acc0)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $acc0) (local.get $acc0))))
        (f32.store (local.get $out)
          (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $h (i32.add (local.get $h) (i32.load (i32.add (local.get $stepBytes) (local.get $at)))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (if (i32.eq (local.get $q) (local.get $period)) (then (local.set $q (i32.const 0))))
        (br $outputs))))
)
