;; RReLU in training mode. The random integers are drawn in JavaScript from
;; the caller's generator; these kernels do everything else, one chunk of x at
;; a time:
;;   1. count_nonpos_<T>(x, n) counts the chunk's elements x <= 0 (-0
;;      included, NaN not), so that JavaScript knows how many pairs of
;;      integers to draw (one pair per such element, in index order);
;;   2. rrelu_train_<T>(x, y, noise, n, t, d, count, lo, range) first turns
;;      the count pairs (v1, v2) at d into slopes, in place:
;;        u = (v1 & 0x3ffffff) * 2^-26 + (v2 & 0x7ffffff) * 2^-53
;;      (pure-rand's uniformFloat64; both terms and their sum are exact),
;;        r = <T>(u * range + lo)   (a float64 multiply, then an add, then
;;                                   one rounding to <T>)
;;      then walks x in index order, handing the slopes out to the elements
;;      x <= 0: noise = r, y = x * r (one <T> multiply); elsewhere noise = 1
;;      and y = x. It writes a 256-byte table of swizzles at t (16-aligned,
;;      not overlapping the draws).
;; lo is the lower bound rounded to <T>; range is the upper bound rounded to
;; <T>, minus lo, in float64.
;;
;; No step branches on the data (random signs would mispredict half the
;; time). The vector loop of step 2 hands out slopes with a swizzle chosen
;; by the lane mask: lane k takes slope number (the count of lanes before k
;; with x <= 0), and the slope pointer advances by the popcount of the mask.
;; Both steps read and write a little past the slopes they use, so the draw
;; buffer needs 16 bytes of slack after its 2 * count integers.

  (func $count_nonpos_f32 (export "count_nonpos_f32") (param $x i32) (param $n i32) (result i32)
    (local $vend i32) (local $end i32) (local $acc v128) (local $total i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    ;; A lane mask is -1 where x <= 0: subtracting it counts.
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $x) (local.get $vend)))
        (local.set $acc (i32x4.sub (local.get $acc) (f32x4.le (v128.load (local.get $x)) (v128.const i32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $vec)))
    (local.set $total
      (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
        (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $total (i32.add (local.get $total) (f32.le (f32.load (local.get $x)) (f32.const 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br $tail)))
    (local.get $total))

  (func $count_nonpos_f64 (export "count_nonpos_f64") (param $x i32) (param $n i32) (result i32)
    (local $vend i32) (local $end i32) (local $acc v128) (local $total i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $x) (local.get $vend)))
        (local.set $acc (i64x2.sub (local.get $acc) (f64x2.le (v128.load (local.get $x)) (v128.const i32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $vec)))
    (local.set $total
      (i32.wrap_i64 (i64.add (i64x2.extract_lane 0 (local.get $acc)) (i64x2.extract_lane 1 (local.get $acc)))))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $total (i32.add (local.get $total) (f64.le (f64.load (local.get $x)) (f64.const 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (br $tail)))
    (local.get $total))

  ;; The swizzles of step 2, one 16-byte row per lane mask (bit k set where
  ;; lane k holds x <= 0): lane k takes slope number p = the count of set bits
  ;; below bit k, that is bytes size * p .. size * p + size - 1 of the slopes.
  ;; Lanes whose bit is clear take some slope too, and then discard it.
  ;; Copied next to the draws (memory.init) by each call, since the memory is
  ;; the caller's.
  (data $hand_out_f32
    "\00\01\02\03\00\01\02\03\00\01\02\03\00\01\02\03" ;; mask 0000
    "\00\01\02\03\04\05\06\07\04\05\06\07\04\05\06\07" ;; mask 0001
    "\00\01\02\03\00\01\02\03\04\05\06\07\04\05\06\07" ;; mask 0010
    "\00\01\02\03\04\05\06\07\08\09\0a\0b\08\09\0a\0b" ;; mask 0011
    "\00\01\02\03\00\01\02\03\00\01\02\03\04\05\06\07" ;; mask 0100
    "\00\01\02\03\04\05\06\07\04\05\06\07\08\09\0a\0b" ;; mask 0101
    "\00\01\02\03\00\01\02\03\04\05\06\07\08\09\0a\0b" ;; mask 0110
    "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f" ;; mask 0111
    "\00\01\02\03\00\01\02\03\00\01\02\03\00\01\02\03" ;; mask 1000
    "\00\01\02\03\04\05\06\07\04\05\06\07\04\05\06\07" ;; mask 1001
    "\00\01\02\03\00\01\02\03\04\05\06\07\04\05\06\07" ;; mask 1010
    "\00\01\02\03\04\05\06\07\08\09\0a\0b\08\09\0a\0b" ;; mask 1011
    "\00\01\02\03\00\01\02\03\00\01\02\03\04\05\06\07" ;; mask 1100
    "\00\01\02\03\04\05\06\07\04\05\06\07\08\09\0a\0b" ;; mask 1101
    "\00\01\02\03\00\01\02\03\04\05\06\07\08\09\0a\0b" ;; mask 1110
    "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f" ;; mask 1111
  )

  (data $hand_out_f64
    "\00\01\02\03\04\05\06\07\00\01\02\03\04\05\06\07" ;; mask 00
    "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f" ;; mask 01
    "\00\01\02\03\04\05\06\07\00\01\02\03\04\05\06\07" ;; mask 10
    "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f" ;; mask 11
  )

  (func $rrelu_train_f32 (export "rrelu_train_f32") (param $x i32) (param $y i32) (param $noise i32) (param $n i32) (param $t i32) (param $d i32) (param $count i32) (param $lo f64) (param $range f64)
    (local $src i32) (local $dst i32) (local $stop i32) (local $vlo v128) (local $vrange v128) (local $q v128)
    (local $vend i32) (local $end i32) (local $v v128) (local $m v128) (local $e v128) (local $b i32) (local $s f32) (local $c i32)
    ;; Step 1: the slopes, two at a time, over the pairs (4 bytes each over 8 bytes of pair: never ahead of the reads).
    (local.set $vlo (f64x2.splat (local.get $lo)))
    (local.set $vrange (f64x2.splat (local.get $range)))
    (local.set $src (local.get $d))
    (local.set $dst (local.get $d))
    (local.set $stop (i32.add (local.get $d) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $src) (local.get $stop)))
        (local.set $q (v128.load (local.get $src)))
        (local.set $q
          (v128.and
            (i8x16.shuffle 0 1 2 3 8 9 10 11 4 5 6 7 12 13 14 15 (local.get $q) (local.get $q))
            (v128.const i32x4 0x3ffffff 0x3ffffff 0x7ffffff 0x7ffffff)))
        (v128.store64_lane 0 (local.get $dst)
          (f32x4.demote_f64x2_zero
            (f64x2.add
            (f64x2.mul
              (f64x2.add
                (f64x2.mul (f64x2.convert_low_i32x4_u (local.get $q)) (v128.const f64x2 0x1p-26 0x1p-26))
                (f64x2.mul
                  (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $q) (local.get $q)))
                  (v128.const f64x2 0x1p-53 0x1p-53)))
              (local.get $vrange))
            (local.get $vlo))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (br $pairs)))
    ;; Step 2: hand the slopes at $d out to the elements x <= 0, in order.
    (memory.init $hand_out_f32 (local.get $t) (i32.const 0) (i32.const 256))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $x) (local.get $vend)))
        (local.set $v (v128.load (local.get $x)))
        (local.set $m (f32x4.le (local.get $v) (v128.const i32x4 0 0 0 0)))
        (local.set $b (i32x4.bitmask (local.get $m)))
        (local.set $e (i8x16.swizzle (v128.load (local.get $d)) (v128.load (i32.add (local.get $t) (i32.shl (local.get $b) (i32.const 4))))))
        (v128.store (local.get $noise) (v128.bitselect (local.get $e) (v128.const f32x4 1 1 1 1) (local.get $m)))
        (v128.store (local.get $y) (v128.bitselect (f32x4.mul (local.get $v) (local.get $e)) (local.get $v) (local.get $m)))
        (local.set $d (i32.add (local.get $d) (i32.shl (i32.popcnt (local.get $b)) (i32.const 2))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $noise (i32.add (local.get $noise) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $s (f32.load (local.get $x)))
        (local.set $c (f32.le (local.get $s) (f32.const 0)))
        (f32.store (local.get $noise) (select (f32.load (local.get $d)) (f32.const 1) (local.get $c)))
        (f32.store (local.get $y) (select (f32.mul (local.get $s) (f32.load (local.get $d))) (local.get $s) (local.get $c)))
        (local.set $d (i32.add (local.get $d) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $noise (i32.add (local.get $noise) (i32.const 4)))
        (br $tail))))

  (func $rrelu_train_f64 (export "rrelu_train_f64") (param $x i32) (param $y i32) (param $noise i32) (param $n i32) (param $t i32) (param $d i32) (param $count i32) (param $lo f64) (param $range f64)
    (local $src i32) (local $stop i32) (local $vlo v128) (local $vrange v128) (local $q v128)
    (local $vend i32) (local $end i32) (local $v v128) (local $m v128) (local $e v128) (local $b i32) (local $s f64) (local $c i32)
    ;; Step 1: the slopes, two at a time, each over its own pair.
    (local.set $vlo (f64x2.splat (local.get $lo)))
    (local.set $vrange (f64x2.splat (local.get $range)))
    (local.set $src (local.get $d))
    (local.set $stop (i32.add (local.get $d) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $src) (local.get $stop)))
        (local.set $q (v128.load (local.get $src)))
        (local.set $q
          (v128.and
            (i8x16.shuffle 0 1 2 3 8 9 10 11 4 5 6 7 12 13 14 15 (local.get $q) (local.get $q))
            (v128.const i32x4 0x3ffffff 0x3ffffff 0x7ffffff 0x7ffffff)))
        (v128.store (local.get $src)
          (f64x2.add
            (f64x2.mul
              (f64x2.add
                (f64x2.mul (f64x2.convert_low_i32x4_u (local.get $q)) (v128.const f64x2 0x1p-26 0x1p-26))
                (f64x2.mul
                  (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $q) (local.get $q)))
                  (v128.const f64x2 0x1p-53 0x1p-53)))
              (local.get $vrange))
            (local.get $vlo)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $pairs)))
    ;; Step 2: hand the slopes at $d out to the elements x <= 0, in order.
    (memory.init $hand_out_f64 (local.get $t) (i32.const 0) (i32.const 64))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $x) (local.get $vend)))
        (local.set $v (v128.load (local.get $x)))
        (local.set $m (f64x2.le (local.get $v) (v128.const i32x4 0 0 0 0)))
        (local.set $b (i64x2.bitmask (local.get $m)))
        (local.set $e (i8x16.swizzle (v128.load (local.get $d)) (v128.load (i32.add (local.get $t) (i32.shl (local.get $b) (i32.const 4))))))
        (v128.store (local.get $noise) (v128.bitselect (local.get $e) (v128.const f64x2 1 1) (local.get $m)))
        (v128.store (local.get $y) (v128.bitselect (f64x2.mul (local.get $v) (local.get $e)) (local.get $v) (local.get $m)))
        (local.set $d (i32.add (local.get $d) (i32.shl (i32.popcnt (local.get $b)) (i32.const 3))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $noise (i32.add (local.get $noise) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $s (f64.load (local.get $x)))
        (local.set $c (f64.le (local.get $s) (f64.const 0)))
        (f64.store (local.get $noise) (select (f64.load (local.get $d)) (f64.const 1) (local.get $c)))
        (f64.store (local.get $y) (select (f64.mul (local.get $s) (f64.load (local.get $d))) (local.get $s) (local.get $c)))
        (local.set $d (i32.add (local.get $d) (i32.shl (local.get $c) (i32.const 3))))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (local.set $noise (i32.add (local.get $noise) (i32.const 8)))
        (br $tail))))

;; rrelu_range_<T>(x, y, noise, n, scratch, chunk, lo, range): steps 1 and 2
;; over n elements, chunk elements at a time, with the integers drawn by
;; xoro_fill from the xoroshiro128+ state at scratch (16 bytes, advanced).
;; The table goes at scratch + 64 and the draws at scratch + 320, so a
;; scratch block takes 336 + 8 * chunk bytes. One call per range of x: a
;; call split across threads gives each range its own scratch block and a
;; state already jumped ahead by the draws of the ranges before it.

  (func (export "rrelu_range_f32") (param $x i32) (param $y i32) (param $noise i32) (param $n i32) (param $scratch i32) (param $chunk i32) (param $lo f64) (param $range f64)
    (local $m i32) (local $count i32) (local $bytes i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $m (select (local.get $chunk) (local.get $n) (i32.lt_u (local.get $chunk) (local.get $n))))
        (local.set $count (call $count_nonpos_f32 (local.get $x) (local.get $m)))
        (call $xoro_fill (local.get $scratch) (i32.add (local.get $scratch) (i32.const 320)) (i32.shl (local.get $count) (i32.const 1)))
        (call $rrelu_train_f32 (local.get $x) (local.get $y) (local.get $noise) (local.get $m)
          (i32.add (local.get $scratch) (i32.const 64)) (i32.add (local.get $scratch) (i32.const 320)) (local.get $count) (local.get $lo) (local.get $range))
        (local.set $bytes (i32.shl (local.get $m) (i32.const 2)))
        (local.set $x (i32.add (local.get $x) (local.get $bytes)))
        (local.set $y (i32.add (local.get $y) (local.get $bytes)))
        (local.set $noise (i32.add (local.get $noise) (local.get $bytes)))
        (local.set $n (i32.sub (local.get $n) (local.get $m)))
        (br $next))))

  (func (export "rrelu_range_f64") (param $x i32) (param $y i32) (param $noise i32) (param $n i32) (param $scratch i32) (param $chunk i32) (param $lo f64) (param $range f64)
    (local $m i32) (local $count i32) (local $bytes i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $m (select (local.get $chunk) (local.get $n) (i32.lt_u (local.get $chunk) (local.get $n))))
        (local.set $count (call $count_nonpos_f64 (local.get $x) (local.get $m)))
        (call $xoro_fill (local.get $scratch) (i32.add (local.get $scratch) (i32.const 320)) (i32.shl (local.get $count) (i32.const 1)))
        (call $rrelu_train_f64 (local.get $x) (local.get $y) (local.get $noise) (local.get $m)
          (i32.add (local.get $scratch) (i32.const 64)) (i32.add (local.get $scratch) (i32.const 320)) (local.get $count) (local.get $lo) (local.get $range))
        (local.set $bytes (i32.shl (local.get $m) (i32.const 3)))
        (local.set $x (i32.add (local.get $x) (local.get $bytes)))
        (local.set $y (i32.add (local.get $y) (local.get $bytes)))
        (local.set $noise (i32.add (local.get $noise) (local.get $bytes)))
        (local.set $n (i32.sub (local.get $n) (local.get $m)))
        (br $next))))
