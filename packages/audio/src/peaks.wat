;; The peak stage's two per-frame loops in WebAssembly SIMD, on the bit patterns of float32 powers
;; (all non-negative and not NaN: as int32 they order exactly like the values), four bins at a time:
;; the same output bits as peaks.ts, its reference.
;;
;; Source of the bytes in peaks-wasm.ts: edit this file, then run `node scripts/build-wasm.mjs`
;; (a test checks the two agree). Pointers are byte offsets into the exported memory. Rows are laid
;; out by peaks-simd.ts with at least `radius` (and 4) entries of -1 before and after each row, so
;; windows and vector loads past either end read -1, below every power.
(module
  (memory (export "memory") 1)

  ;; dst[j] = max(src[j - radius .. j + radius]) for j < count (rounded up to 4: dst has room).
  (func (export "maxFilter") (param $src i32) (param $dst i32) (param $count i32) (param $radius i32)
    (local $j i32) (local $at i32) (local $end i32) (local $acc v128)
    (local.set $j (i32.const 0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $j) (local.get $count)))
        ;; src + 4 (j - radius) .. src + 4 (j + radius)
        (local.set $at (i32.add (local.get $src) (i32.shl (i32.sub (local.get $j) (local.get $radius)) (i32.const 2))))
        (local.set $end (i32.add (local.get $src) (i32.shl (i32.add (local.get $j) (local.get $radius)) (i32.const 2))))
        (local.set $acc (v128.load (local.get $at)))
        (block $windowDone
          (loop $window
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (br_if $windowDone (i32.gt_s (local.get $at) (local.get $end)))
            (local.set $acc (i32x4.max_s (local.get $acc) (v128.load (local.get $at))))
            (br $window)))
        (v128.store (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $rows))))

  ;; The bins b < count of `row` that are local maxima: above `floorBits`, equal to their frequency
  ;; maximum `maxRow[b]`, not the upper bin of a plateau (row[b - 1] == row[b]), and not reached by
  ;; the frequency maxima of the earlier rows (>=: ties go to the first) nor exceeded by the later
  ;; ones (>). `rows` holds `earlier` then `later` pointers to those rows' maxima (i32 each).
  ;; Writes the bins in ascending order to `out` (i32 each); returns how many.
  (func (export "findPeaks")
    (param $row i32) (param $maxRow i32) (param $rows i32) (param $earlier i32) (param $later i32)
    (param $count i32) (param $floorBits i32) (param $out i32) (result i32)
    (local $b i32) (local $n i32) (local $k i32) (local $offset i32) (local $mask i32) (local $lane i32)
    (local $value v128) (local $keep v128) (local $floor v128)
    (local.set $floor (i32x4.splat (local.get $floorBits)))
    (local.set $b (i32.const 0))
    (local.set $n (i32.const 0))
    (block $done
      (loop $bins
        (br_if $done (i32.ge_s (local.get $b) (local.get $count)))
        (local.set $offset (i32.shl (local.get $b) (i32.const 2)))
        (local.set $value (v128.load (i32.add (local.get $row) (local.get $offset))))
        ;; above the floor, its own frequency maximum, and not a plateau's upper bin
        (local.set $keep
          (v128.andnot
            (v128.and
              (i32x4.gt_s (local.get $value) (local.get $floor))
              (i32x4.eq (local.get $value) (v128.load (i32.add (local.get $maxRow) (local.get $offset)))))
            (i32x4.eq (local.get $value) (v128.load (i32.sub (i32.add (local.get $row) (local.get $offset)) (i32.const 4))))))
        (if (v128.any_true (local.get $keep))
          (then
            (local.set $k (i32.const 0))
            (block $earlierDone
              (loop $earlierRows
                (br_if $earlierDone (i32.ge_s (local.get $k) (local.get $earlier)))
                (local.set $keep (v128.andnot (local.get $keep)
                  (i32x4.ge_s
                    (v128.load (i32.add (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))) (local.get $offset)))
                    (local.get $value))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $earlierRows)))
            (block $laterDone
              (loop $laterRows
                (br_if $laterDone (i32.ge_s (local.get $k) (i32.add (local.get $earlier) (local.get $later))))
                (local.set $keep (v128.andnot (local.get $keep)
                  (i32x4.gt_s
                    (v128.load (i32.add (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))) (local.get $offset)))
                    (local.get $value))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $laterRows)))
            (local.set $mask (i32x4.bitmask (local.get $keep)))
            (local.set $lane (i32.const 0))
            (block $lanesDone
              (loop $lanes
                (br_if $lanesDone (i32.eqz (local.get $mask)))
                (if (i32.and (local.get $mask) (i32.const 1))
                  (then
                    (if (i32.lt_s (i32.add (local.get $b) (local.get $lane)) (local.get $count))
                      (then
                        (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (i32.add (local.get $b) (local.get $lane)))
                        (local.set $n (i32.add (local.get $n) (i32.const 1)))))))
                (local.set $mask (i32.shr_u (local.get $mask) (i32.const 1)))
                (local.set $lane (i32.add (local.get $lane) (i32.const 1)))
                (br $lanes)))))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $bins)))
    (local.get $n)))
