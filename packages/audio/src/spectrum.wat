;; Power spectra of four frames at once (one per f32x4 lane), 128-bit SIMD.
;;
;; Source of the bytes in spectrum-wasm.ts: edit this file, then run `node scripts/build-wasm.mjs`
;; (a test checks the two agree).
;;
;; A real FFT of n samples as a complex FFT of m = n/2 points (z[j] = x[2j] + i x[2j+1]): window
;; and load in bit-reversed order, radix-2 decimation-in-time butterflies, then the split that
;; recovers X[k] from Z[k] and Z[m-k], and |X[k]|^2 for the bins the fingerprint reads. Each lane
;; runs the same scalar algorithm on its own frame, so no shuffles are needed. Tables (made by
;; spectrum-simd.ts) hold every constant already splatted to four lanes. Pointers are byte
;; offsets, v128 tables 16-byte aligned.
(module
  (memory (export "memory") 1)
  (func (export "spectra")
    (param $input i32)   ;; 4 frames of n float32; frame s at input + s * 4n
    (param $n i32)       ;; FFT size, a power of two >= 4
    (param $window i32)  ;; n v128: the window, splatted
    (param $rev i32)     ;; m i32: bit-reversed position of j, times 16
    (param $tw i32)      ;; m/2 pairs (cos, -sin) of 2 pi j / m, v128 each
    (param $split i32)   ;; count pairs (cos, sin) of 2 pi k / n for k = minBin.., v128 each
    (param $re i32) (param $im i32) ;; m v128 each (work arrays)
    (param $out i32)     ;; 4 rows of count float32; row s at out + s * 4count
    (param $minBin i32) (param $count i32) (param $floor f32)
    (local $m i32) (local $frame i32) (local $row i32) (local $j i32) (local $at i32) (local $to i32)
    (local $ve v128) (local $vo v128)
    (local $size i32) (local $half i32) (local $twStep i32) (local $twAt i32) (local $k i32)
    (local $a i32) (local $b i32) (local $groupEnd i32) (local $sizeBytes i32) (local $halfBytes i32)
    (local $wRe v128) (local $wIm v128) (local $bRe v128) (local $bIm v128) (local $tRe v128) (local $tIm v128)
    (local $aRe v128) (local $aIm v128) (local $cRe v128) (local $cIm v128)
    (local $eRe v128) (local $eIm v128) (local $oRe v128) (local $oIm v128) (local $xRe v128) (local $xIm v128)
    (local $c v128) (local $s v128) (local $p v128) (local $floorV v128) (local $halfV v128)
    (local.set $m (i32.shr_u (local.get $n) (i32.const 1)))
    (local.set $frame (i32.shl (local.get $n) (i32.const 2)))

    ;; 1. Window, pair samples into complex points, store at the bit-reversed position.
    (local.set $j (i32.const 0))
    (loop $load
      (local.set $at (i32.add (local.get $input) (i32.shl (local.get $j) (i32.const 3))))
      (local.set $ve (v128.load32_lane 0 (local.get $at) (v128.const i32x4 0 0 0 0)))
      (local.set $vo (v128.load32_lane offset=4 0 (local.get $at) (v128.const i32x4 0 0 0 0)))
      (local.set $at (i32.add (local.get $at) (local.get $frame)))
      (local.set $ve (v128.load32_lane 1 (local.get $at) (local.get $ve)))
      (local.set $vo (v128.load32_lane offset=4 1 (local.get $at) (local.get $vo)))
      (local.set $at (i32.add (local.get $at) (local.get $frame)))
      (local.set $ve (v128.load32_lane 2 (local.get $at) (local.get $ve)))
      (local.set $vo (v128.load32_lane offset=4 2 (local.get $at) (local.get $vo)))
      (local.set $at (i32.add (local.get $at) (local.get $frame)))
      (local.set $ve (v128.load32_lane 3 (local.get $at) (local.get $ve)))
      (local.set $vo (v128.load32_lane offset=4 3 (local.get $at) (local.get $vo)))
      ;; Sanitise as spectrogram.ts does: NaN → 0, then clamp to ± 1000 (no infinite powers).
      (local.set $ve (f32x4.pmax (v128.const f32x4 -1000 -1000 -1000 -1000) (f32x4.pmin (v128.const f32x4 1000 1000 1000 1000)
        (v128.and (local.get $ve) (f32x4.eq (local.get $ve) (local.get $ve))))))
      (local.set $vo (f32x4.pmax (v128.const f32x4 -1000 -1000 -1000 -1000) (f32x4.pmin (v128.const f32x4 1000 1000 1000 1000)
        (v128.and (local.get $vo) (f32x4.eq (local.get $vo) (local.get $vo))))))
      (local.set $at (i32.add (local.get $window) (i32.shl (local.get $j) (i32.const 5))))
      (local.set $to (i32.load (i32.add (local.get $rev) (i32.shl (local.get $j) (i32.const 2)))))
      (v128.store (i32.add (local.get $re) (local.get $to)) (f32x4.mul (local.get $ve) (v128.load (local.get $at))))
      (v128.store (i32.add (local.get $im) (local.get $to)) (f32x4.mul (local.get $vo) (v128.load offset=16 (local.get $at))))
      (br_if $load (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $m))))

    ;; 2. Butterflies: for each stage, each twiddle, every group using it.
    (local.set $size (i32.const 2))
    (block $stagesDone
      (loop $stages
        (br_if $stagesDone (i32.gt_u (local.get $size) (local.get $m)))
        (local.set $half (i32.shr_u (local.get $size) (i32.const 1)))
        (local.set $sizeBytes (i32.shl (local.get $size) (i32.const 4)))
        (local.set $halfBytes (i32.shl (local.get $half) (i32.const 4)))
        ;; twiddle k of this stage is entry k * m / size of the table (32 bytes an entry)
        (local.set $twStep (i32.shl (i32.div_u (local.get $m) (local.get $size)) (i32.const 5)))
        (local.set $twAt (local.get $tw))
        (local.set $k (i32.const 0))
        (loop $twiddles
          (local.set $wRe (v128.load (local.get $twAt)))
          (local.set $wIm (v128.load offset=16 (local.get $twAt)))
          (local.set $a (i32.shl (local.get $k) (i32.const 4)))
          (local.set $groupEnd (i32.shl (local.get $m) (i32.const 4)))
          (loop $groups
            (local.set $b (i32.add (local.get $a) (local.get $halfBytes)))
            (local.set $bRe (v128.load (i32.add (local.get $re) (local.get $b))))
            (local.set $bIm (v128.load (i32.add (local.get $im) (local.get $b))))
            (local.set $tRe (f32x4.sub (f32x4.mul (local.get $bRe) (local.get $wRe)) (f32x4.mul (local.get $bIm) (local.get $wIm))))
            (local.set $tIm (f32x4.add (f32x4.mul (local.get $bRe) (local.get $wIm)) (f32x4.mul (local.get $bIm) (local.get $wRe))))
            (local.set $aRe (v128.load (i32.add (local.get $re) (local.get $a))))
            (local.set $aIm (v128.load (i32.add (local.get $im) (local.get $a))))
            (v128.store (i32.add (local.get $re) (local.get $b)) (f32x4.sub (local.get $aRe) (local.get $tRe)))
            (v128.store (i32.add (local.get $im) (local.get $b)) (f32x4.sub (local.get $aIm) (local.get $tIm)))
            (v128.store (i32.add (local.get $re) (local.get $a)) (f32x4.add (local.get $aRe) (local.get $tRe)))
            (v128.store (i32.add (local.get $im) (local.get $a)) (f32x4.add (local.get $aIm) (local.get $tIm)))
            (br_if $groups (i32.lt_u (local.tee $a (i32.add (local.get $a) (local.get $sizeBytes))) (local.get $groupEnd))))
          (local.set $twAt (i32.add (local.get $twAt) (local.get $twStep)))
          (br_if $twiddles (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $half))))
        (local.set $size (i32.shl (local.get $size) (i32.const 1)))
        (br $stages)))

    ;; 3. Split: X[k] = E + W^k O with E = (Z[k] + conj Z[m-k]) / 2, O = -i (Z[k] - conj Z[m-k]) / 2,
    ;; then power, clamped below at the floor, one float per lane into its frame's row.
    (local.set $floorV (f32x4.splat (local.get $floor)))
    (local.set $halfV (f32x4.splat (f32.const 0.5)))
    (local.set $row (i32.shl (local.get $count) (i32.const 2)))
    (local.set $j (i32.const 0))
    (local.set $k (local.get $minBin))
    (block $splitDone
      (loop $bins
        (br_if $splitDone (i32.ge_u (local.get $j) (local.get $count)))
        (local.set $a (i32.shl (local.get $k) (i32.const 4)))
        (local.set $b (i32.shl (i32.and (i32.sub (local.get $m) (local.get $k)) (i32.sub (local.get $m) (i32.const 1))) (i32.const 4)))
        (local.set $aRe (v128.load (i32.add (local.get $re) (local.get $a))))
        (local.set $aIm (v128.load (i32.add (local.get $im) (local.get $a))))
        (local.set $cRe (v128.load (i32.add (local.get $re) (local.get $b))))
        (local.set $cIm (f32x4.neg (v128.load (i32.add (local.get $im) (local.get $b)))))
        (local.set $eRe (f32x4.mul (f32x4.add (local.get $aRe) (local.get $cRe)) (local.get $halfV)))
        (local.set $eIm (f32x4.mul (f32x4.add (local.get $aIm) (local.get $cIm)) (local.get $halfV)))
        (local.set $oRe (f32x4.mul (f32x4.sub (local.get $aIm) (local.get $cIm)) (local.get $halfV)))
        (local.set $oIm (f32x4.mul (f32x4.sub (local.get $cRe) (local.get $aRe)) (local.get $halfV)))
        (local.set $at (i32.add (local.get $split) (i32.shl (local.get $j) (i32.const 5))))
        (local.set $c (v128.load (local.get $at)))
        (local.set $s (v128.load offset=16 (local.get $at)))
        (local.set $xRe (f32x4.add (local.get $eRe) (f32x4.add (f32x4.mul (local.get $c) (local.get $oRe)) (f32x4.mul (local.get $s) (local.get $oIm)))))
        (local.set $xIm (f32x4.add (local.get $eIm) (f32x4.sub (f32x4.mul (local.get $c) (local.get $oIm)) (f32x4.mul (local.get $s) (local.get $oRe)))))
        ;; pmax(floor, p) = floor < p ? p : floor, so a NaN power (NaN or infinite samples) becomes
        ;; the floor, as in the JavaScript path; f32x4.max would pass the NaN on.
        (local.set $p (f32x4.pmax (local.get $floorV) (f32x4.add (f32x4.mul (local.get $xRe) (local.get $xRe)) (f32x4.mul (local.get $xIm) (local.get $xIm)))))
        (local.set $at (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))))
        (v128.store32_lane 0 (local.get $at) (local.get $p))
        (local.set $at (i32.add (local.get $at) (local.get $row)))
        (v128.store32_lane 1 (local.get $at) (local.get $p))
        (local.set $at (i32.add (local.get $at) (local.get $row)))
        (v128.store32_lane 2 (local.get $at) (local.get $p))
        (local.set $at (i32.add (local.get $at) (local.get $row)))
        (v128.store32_lane 3 (local.get $at) (local.get $p))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $bins))))
)
