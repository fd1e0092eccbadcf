;; The Vorbis inverse MDCT with its window, 128-bit SIMD (f32x4) where the data is contiguous:
;; y[t] = window[t] * sum over k < n/2 of X[k] cos(2π/n (t + n/4 + 1/2)(k + 1/2)), through a DCT-IV of
;; n/2 points computed with an n/4-point complex FFT (the same steps as imdct.ts, its reference).
;;
;; Source of the bytes in imdct-wasm.ts: edit this file, then run `node scripts/build-wasm.mjs`
;; (a test checks the two agree). All pointers are byte offsets into the exported memory, 16-byte
;; aligned; the tables are written by imdct-simd.ts for each size n (a power of two, at least 16).
(module
  (memory (export "memory") 1)

  ;; spec: n/2 floats in; out: n floats; window: n floats. preCos/preSin/postCos/postSin: n/4 floats;
  ;; bitrev: n/4 byte offsets (i32) of each pre-twiddled point in re/im; twiddles: the FFT stage of
  ;; span s at float offset 2s (s cosines, then s sines). re, im: n/4 floats; dct: n/2 floats.
  (func (export "imdct")
    (param $spec i32) (param $out i32) (param $window i32) (param $n i32)
    (param $preCos i32) (param $preSin i32) (param $postCos i32) (param $postSin i32)
    (param $bitrev i32) (param $twiddles i32) (param $re i32) (param $im i32) (param $dct i32)
    (local $q i32) (local $half i32) (local $p i32) (local $a f32) (local $b f32) (local $c f32) (local $s f32)
    (local $r i32) (local $span i32) (local $start i32) (local $k i32) (local $i i32) (local $j i32)
    (local $cosAt i32) (local $sinAt i32) (local $x f32) (local $y f32) (local $tr f32) (local $ti f32)
    (local $vc v128) (local $vs v128) (local $vxr v128) (local $vxi v128) (local $vtr v128) (local $vti v128)
    (local $t i32) (local $end i32)
    (local.set $half (i32.shr_u (local.get $n) (i32.const 1)))
    (local.set $q (i32.shr_u (local.get $n) (i32.const 2)))
    ;; 1. Pre-twiddle (X[2p] + i X[half - 1 - 2p]) e^{-iπ(p + 1/4)/half}, into bit-reversed order.
    (local.set $p (i32.const 0))
    (loop $pre
      (local.set $a (f32.load (i32.add (local.get $spec) (i32.shl (local.get $p) (i32.const 3)))))
      (local.set $b (f32.load (i32.add (local.get $spec)
        (i32.shl (i32.sub (i32.sub (local.get $half) (i32.const 1)) (i32.shl (local.get $p) (i32.const 1))) (i32.const 2)))))
      (local.set $c (f32.load (i32.add (local.get $preCos) (i32.shl (local.get $p) (i32.const 2)))))
      (local.set $s (f32.load (i32.add (local.get $preSin) (i32.shl (local.get $p) (i32.const 2)))))
      (local.set $r (i32.load (i32.add (local.get $bitrev) (i32.shl (local.get $p) (i32.const 2)))))
      (f32.store (i32.add (local.get $re) (local.get $r))
        (f32.sub (f32.mul (local.get $a) (local.get $c)) (f32.mul (local.get $b) (local.get $s))))
      (f32.store (i32.add (local.get $im) (local.get $r))
        (f32.add (f32.mul (local.get $a) (local.get $s)) (f32.mul (local.get $b) (local.get $c))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $pre (i32.lt_u (local.get $p) (local.get $q))))
    ;; 2. Radix-2 FFT: spans 1 and 2 one butterfly at a time, then four at a time.
    (local.set $span (i32.const 1))
    (block $stagesDone
      (loop $stages
        (br_if $stagesDone (i32.ge_u (local.get $span) (local.get $q)))
        (local.set $cosAt (i32.add (local.get $twiddles) (i32.shl (local.get $span) (i32.const 3))))
        (local.set $sinAt (i32.add (local.get $cosAt) (i32.shl (local.get $span) (i32.const 2))))
        (local.set $start (i32.const 0))
        (loop $blocks
          (local.set $k (i32.const 0))
          (if (i32.lt_u (local.get $span) (i32.const 4))
            (then
              (loop $scalar
                (local.set $i (i32.shl (i32.add (local.get $start) (local.get $k)) (i32.const 2)))
                (local.set $j (i32.add (local.get $i) (i32.shl (local.get $span) (i32.const 2))))
                (local.set $c (f32.load (i32.add (local.get $cosAt) (i32.shl (local.get $k) (i32.const 2)))))
                (local.set $s (f32.load (i32.add (local.get $sinAt) (i32.shl (local.get $k) (i32.const 2)))))
                (local.set $x (f32.load (i32.add (local.get $re) (local.get $j))))
                (local.set $y (f32.load (i32.add (local.get $im) (local.get $j))))
                (local.set $tr (f32.sub (f32.mul (local.get $x) (local.get $c)) (f32.mul (local.get $y) (local.get $s))))
                (local.set $ti (f32.add (f32.mul (local.get $x) (local.get $s)) (f32.mul (local.get $y) (local.get $c))))
                (local.set $x (f32.load (i32.add (local.get $re) (local.get $i))))
                (local.set $y (f32.load (i32.add (local.get $im) (local.get $i))))
                (f32.store (i32.add (local.get $re) (local.get $j)) (f32.sub (local.get $x) (local.get $tr)))
                (f32.store (i32.add (local.get $im) (local.get $j)) (f32.sub (local.get $y) (local.get $ti)))
                (f32.store (i32.add (local.get $re) (local.get $i)) (f32.add (local.get $x) (local.get $tr)))
                (f32.store (i32.add (local.get $im) (local.get $i)) (f32.add (local.get $y) (local.get $ti)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br_if $scalar (i32.lt_u (local.get $k) (local.get $span)))))
            (else
              (loop $vector
                (local.set $i (i32.shl (i32.add (local.get $start) (local.get $k)) (i32.const 2)))
                (local.set $j (i32.add (local.get $i) (i32.shl (local.get $span) (i32.const 2))))
                (local.set $vc (v128.load (i32.add (local.get $cosAt) (i32.shl (local.get $k) (i32.const 2)))))
                (local.set $vs (v128.load (i32.add (local.get $sinAt) (i32.shl (local.get $k) (i32.const 2)))))
                (local.set $vxr (v128.load (i32.add (local.get $re) (local.get $j))))
                (local.set $vxi (v128.load (i32.add (local.get $im) (local.get $j))))
                (local.set $vtr (f32x4.sub (f32x4.mul (local.get $vxr) (local.get $vc)) (f32x4.mul (local.get $vxi) (local.get $vs))))
                (local.set $vti (f32x4.add (f32x4.mul (local.get $vxr) (local.get $vs)) (f32x4.mul (local.get $vxi) (local.get $vc))))
                (local.set $vxr (v128.load (i32.add (local.get $re) (local.get $i))))
                (local.set $vxi (v128.load (i32.add (local.get $im) (local.get $i))))
                (v128.store (i32.add (local.get $re) (local.get $j)) (f32x4.sub (local.get $vxr) (local.get $vtr)))
                (v128.store (i32.add (local.get $im) (local.get $j)) (f32x4.sub (local.get $vxi) (local.get $vti)))
                (v128.store (i32.add (local.get $re) (local.get $i)) (f32x4.add (local.get $vxr) (local.get $vtr)))
                (v128.store (i32.add (local.get $im) (local.get $i)) (f32x4.add (local.get $vxi) (local.get $vti)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br_if $vector (i32.lt_u (local.get $k) (local.get $span))))))
          (local.set $start (i32.add (local.get $start) (i32.shl (local.get $span) (i32.const 1))))
          (br_if $blocks (i32.lt_u (local.get $start) (local.get $q))))
        (local.set $span (i32.shl (local.get $span) (i32.const 1)))
        (br $stages)))
    ;; 3. Post-twiddle into the DCT-IV: dct[2p] = Re(z e^{-iπp/half}), dct[half - 1 - 2p] = -Im(…).
    (local.set $p (i32.const 0))
    (loop $post
      (local.set $x (f32.load (i32.add (local.get $re) (i32.shl (local.get $p) (i32.const 2)))))
      (local.set $y (f32.load (i32.add (local.get $im) (i32.shl (local.get $p) (i32.const 2)))))
      (local.set $c (f32.load (i32.add (local.get $postCos) (i32.shl (local.get $p) (i32.const 2)))))
      (local.set $s (f32.load (i32.add (local.get $postSin) (i32.shl (local.get $p) (i32.const 2)))))
      (f32.store (i32.add (local.get $dct) (i32.shl (local.get $p) (i32.const 3)))
        (f32.sub (f32.mul (local.get $x) (local.get $c)) (f32.mul (local.get $y) (local.get $s))))
      (f32.store (i32.add (local.get $dct)
          (i32.shl (i32.sub (i32.sub (local.get $half) (i32.const 1)) (i32.shl (local.get $p) (i32.const 1))) (i32.const 2)))
        (f32.neg (f32.add (f32.mul (local.get $x) (local.get $s)) (f32.mul (local.get $y) (local.get $c)))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $post (i32.lt_u (local.get $p) (local.get $q))))
    ;; 4. Unfold to n outputs, windowed: [0, q) = dct[t + q]; [q, 3q) = -dct[3q - 1 - t]; [3q, n) = -dct[t - 3q].
    (local.set $t (i32.const 0))
    (loop $first
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 2)))
        (f32x4.mul
          (v128.load (i32.add (local.get $dct) (i32.shl (i32.add (local.get $t) (local.get $q)) (i32.const 2))))
          (v128.load (i32.add (local.get $window) (i32.shl (local.get $t) (i32.const 2))))))
      (local.set $t (i32.add (local.get $t) (i32.const 4)))
      (br_if $first (i32.lt_u (local.get $t) (local.get $q))))
    (local.set $end (i32.mul (local.get $q) (i32.const 3)))
    (loop $middle
      ;; dct[3q - 4 - t .. 3q - 1 - t], lanes reversed
      (local.set $vxr (v128.load (i32.add (local.get $dct)
        (i32.shl (i32.sub (i32.sub (local.get $end) (i32.const 4)) (local.get $t)) (i32.const 2)))))
      (local.set $vxr (i8x16.shuffle 12 13 14 15 8 9 10 11 4 5 6 7 0 1 2 3 (local.get $vxr) (local.get $vxr)))
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 2)))
        (f32x4.neg (f32x4.mul (local.get $vxr)
          (v128.load (i32.add (local.get $window) (i32.shl (local.get $t) (i32.const 2)))))))
      (local.set $t (i32.add (local.get $t) (i32.const 4)))
      (br_if $middle (i32.lt_u (local.get $t) (local.get $end))))
    (loop $last
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 2)))
        (f32x4.neg (f32x4.mul
          (v128.load (i32.add (local.get $dct) (i32.shl (i32.sub (local.get $t) (local.get $end)) (i32.const 2))))
          (v128.load (i32.add (local.get $window) (i32.shl (local.get $t) (i32.const 2)))))))
      (local.set $t (i32.add (local.get $t) (i32.const 4)))
      (br_if $last (i32.lt_u (local.get $t) (local.get $n))))))
