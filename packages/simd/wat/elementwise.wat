;; Rectify's elementwise kernels, written once for both float dtypes.
;;
;; scripts/assemble.mjs expands this template twice, once per dtype, and
;; splices the results into kernels.wat:
;;   <T>    f32 | f64          scalar type
;;   <V>    f32x4 | f64x2      vector shape
;;   <SH>   2 | 3              log2 of the element size in bytes
;;   <LM>   -4 | -2            mask that rounds an element count down to whole vectors
;;   <L>    4 | 2              elements in one vector
;;   <L4>   16 | 8             elements in four vectors
;;   <LM2>  -8 | -4            mask that rounds an element count down to pairs of vectors
;;   <LM4>  -16 | -8           mask that rounds an element count down to groups of four vectors
;;   <ZERO> an all-zero scalar of type <T>
;;   <EVEN> <ODD>              shuffles picking the even / odd elements of two vectors
;;   <ILO> <IHI>               shuffles interleaving two vectors, low and high halves
;;
;; Every pointer is a byte offset into the imported memory. Each elementwise
;; kernel runs a loop over 64 bytes at a time (four vectors loaded at offsets
;; 0, 16, 32 and 48, then four stored: one loop test and one pointer update
;; per four vectors; two output vectors for maxout2), then a loop over single
;; vectors, then a scalar loop over the rest, with the same comparison and the
;; same IEEE operation in all three, so a result never depends on where an
;; element falls. Comparisons with NaN are false, a select
;; copies bits, and <T>.mul rounds once: the results are bit-identical to the
;; scalar TypeScript kernels (-0 and NaN included).

  ;; relu: y = x < 0 ? +0 : x  (-0 and NaN pass through unchanged)
  (func (export "relu_<T>") (param $x i32) (param $y i32) (param $n i32)
    (local $qend i32) (local $vend i32) (local $end i32) (local $v v128) (local $s <T>) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const <SH>))))
    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const <LM>)) (i32.const <SH>))))
    (local.set $qend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const <LM4>)) (i32.const <SH>))))
    (block $done
      (loop $vec4
        (br_if $done (i32.ge_u (local.get $x) (local.get $qend)))
        (local.set $v (v128.load (local.get $x)))
        (local.set $v1 (v128.load offset=16 (local.get $x)))
        (local.set $v2 (v128.load offset=32 (local.get $x)))
        (local.set $v3 (v128.load offset=48 (local.get $x)))
        (v128.store (local.get $y) (v128.andnot (local.get $v) (<V>.lt (local.get $v) (v128.const i32x4 0 0 0 0))))
        (v128.store offset=16 (local.get $y) (v128.andnot (local.get $v1) (<V>.lt (local.get $v1) (v128.const i32x4 0 0 0 0))))
        (v128.store offset=32 (local.get $y) (v128.andnot (local.get $v2) (<V>.lt (local.get $v2) (v128.const i32x4 0 0 0 0))))
        (v128.store offset=48 (local.get $y) (v128.andnot (local.get $v3) (<V>.lt (local.get $v3) (v128.const i32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $y (i32.add (local.get $y) (i32.const 64)))
        (br $vec4)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $x) (local.get $vend)))
        (local.set $v (v128.load (local.get $x)))
        (v128.store (local.get $y)
          (v128.andnot (local.get $v) (<V>.lt (local.get $v) (v128.const i32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $s (<T>.load (local.get $x)))
        (<T>.store (local.get $y)
          (select (<ZERO>) (local.get $s) (<T>.lt (local.get $s) (<ZERO>))))
        (local.set $x (i32.add (local.get $x) (i32.const <BYTES>)))
        (local.set $y (i32.add (local.get $y) (i32.const <BYTES>)))
        (br $tail))))

  ;; relu backward: dx = x <= 0 ? +0 : dy  (dy passes where x is NaN)
  (func (export "relu_bwd_<T>") (param $x i32) (param $dy i32) (param $dx i32) (param $n i32)
    (local $qend i32) (local $vend i32) (local $end i32) (local $s <T>) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $g0 v128) (local $g1 v128) (local $g2 v128) (local $g3 v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const <SH>))))
    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const <LM>)) (i32.const <SH>))))
    (local.set $qend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const <LM4>)) (i32.const <SH>))))
    (block $done
      (loop $vec4
        (br_if $done (i32.ge_u (local.get $x) (local.get $qend)))
        (local.set $a0 (v128.load (local.get $x)))
        (local.set $a1 (v128.load offset=16 (local.get $x)))
        (local.set $a2 (v128.load offset=32 (local.get $x)))
        (local.set $a3 (v128.load offset=48 (local.get $x)))
        (local.set $g0 (v128.load (local.get $dy)))
        (local.set $g1 (v128.load offset=16 (local.get $dy)))
        (local.set $g2 (v128.load offset=32 (local.get $dy)))
        (local.set $g3 (v128.load offset=48 (local.get $dy)))
        (v128.store (local.get $dx) (v128.andnot (local.get $g0) (<V>.le (local.get $a0) (v128.const i32x4 0 0 0 0))))
        (v128.store offset=16 (local.get $dx) (v128.andnot (local.get $g1) (<V>.le (local.get $a1) (v128.const i32x4 0 0 0 0))))
        (v128.store offset=32 (local.get $dx) (v128.andnot (local.get $g2) (<V>.le (local.get $a2) (v128.const i32x4 0 0 0 0))))
        (v128.store offset=48 (local.get $dx) (v128.andnot (local.get $g3) (<V>.le (local.get $a3) (v128.const i32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 64)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 64)))
        (br $vec4)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $x) (local.get $vend)))
        (v128.store (local.get $dx)
          (v128.andnot (v128.load (local.get $dy))
            (<V>.le (v128.load (local.get $x)) (v128.const i32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (<T>.store (local.get $dx)
          (select (<ZERO>) (<T>.load (local.get $dy)) (<T>.le (<T>.load (local.get $x)) (<ZERO>))))
        (local.set $x (i32.add (local.get $x) (i32.const <BYTES>)))
        (local.set $dy (i32.add (local.get $dy) (i32.const <BYTES>)))
        (local.set $dx (i32.add (local.get $dx) (i32.const <BYTES>)))
        (br $tail))))

  ;; leaky: y = x > 0 ? x : x * s  (s already rounded to <T>)
  (func (export "leaky_<T>") (param $x i32) (param $y i32) (param $n i32) (param $s <T>)
    (local $qend i32) (local $vend i32) (local $end i32) (local $v v128) (local $vs v128) (local $e <T>) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local.set $vs (<V>.splat (local.get $s)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const <SH>))))
    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const <LM>)) (i32.const <SH>))))
    (local.set $qend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const <LM4>)) (i32.const <SH>))))
    (block $done
      (loop $vec4
        (br_if $done (i32.ge_u (local.get $x) (local.get $qend)))
        (local.set $v (v128.load (local.get $x)))
        (local.set $v1 (v128.load offset=16 (local.get $x)))
        (local.set $v2 (v128.load offset=32 (local.get $x)))
        (local.set $v3 (v128.load offset=48 (local.get $x)))
        (v128.store (local.get $y)
          (v128.bitselect (local.get $v) (<V>.mul (local.get $v) (local.get $vs)) (<V>.gt (local.get $v) (v128.const i32x4 0 0 0 0))))
        (v128.store offset=16 (local.get $y)
          (v128.bitselect (local.get $v1) (<V>.mul (local.get $v1) (local.get $vs)) (<V>.gt (local.get $v1) (v128.const i32x4 0 0 0 0))))
        (v128.store offset=32 (local.get $y)
          (v128.bitselect (local.get $v2) (<V>.mul (local.get $v2) (local.get $vs)) (<V>.gt (local.get $v2) (v128.const i32x4 0 0 0 0))))
        (v128.store offset=48 (local.get $y)
          (v128.bitselect (local.get $v3) (<V>.mul (local.get $v3) (local.get $vs)) (<V>.gt (local.get $v3) (v128.const i32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $y (i32.add (local.get $y) (i32.const 64)))
        (br $vec4)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $x) (local.get $vend)))
        (local.set $v (v128.load (local.get $x)))
        (v128.store (local.get $y)
          (v128.bitselect (local.get $v) (<V>.mul (local.get $v) (local.get $vs))
            (<V>.gt (local.get $v) (v128.const i32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $e (<T>.load (local.get $x)))
        (<T>.store (local.get $y)
          (select (local.get $e) (<T>.mul (local.get $e) (local.get $s)) (<T>.gt (local.get $e) (<ZERO>))))
        (local.set $x (i32.add (local.get $x) (i32.const <BYTES>)))
        (local.set $y (i32.add (local.get $y) (i32.const <BYTES>)))
        (br $tail))))

  ;; leaky backward: dx = x > 0 ? dy : dy * s
  (func (export "leaky_bwd_<T>") (param $x i32) (param $dy i32) (param $dx i32) (param $n i32) (param $s <T>)
    (local $qend i32) (local $vend i32) (local $end i32) (local $g v128) (local $vs v128) (local $e <T>) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $g0 v128) (local $g1 v128) (local $g2 v128) (local $g3 v128)
    (local.set $vs (<V>.splat (local.get $s)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const <SH>))))
    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const <LM>)) (i32.const <SH>))))
    (local.set $qend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const <LM4>)) (i32.const <SH>))))
    (block $done
      (loop $vec4
        (br_if $done (i32.ge_u (local.get $x) (local.get $qend)))
        (local.set $a0 (v128.load (local.get $x)))
        (local.set $a1 (v128.load offset=16 (local.get $x)))
        (local.set $a2 (v128.load offset=32 (local.get $x)))
        (local.set $a3 (v128.load offset=48 (local.get $x)))
        (local.set $g0 (v128.load (local.get $dy)))
        (local.set $g1 (v128.load offset=16 (local.get $dy)))
        (local.set $g2 (v128.load offset=32 (local.get $dy)))
        (local.set $g3 (v128.load offset=48 (local.get $dy)))
        (v128.store (local.get $dx)
          (v128.bitselect (local.get $g0) (<V>.mul (local.get $g0) (local.get $vs)) (<V>.gt (local.get $a0) (v128.const i32x4 0 0 0 0))))
        (v128.store offset=16 (local.get $dx)
          (v128.bitselect (local.get $g1) (<V>.mul (local.get $g1) (local.get $vs)) (<V>.gt (local.get $a1) (v128.const i32x4 0 0 0 0))))
        (v128.store offset=32 (local.get $dx)
          (v128.bitselect (local.get $g2) (<V>.mul (local.get $g2) (local.get $vs)) (<V>.gt (local.get $a2) (v128.const i32x4 0 0 0 0))))
        (v128.store offset=48 (local.get $dx)
          (v128.bitselect (local.get $g3) (<V>.mul (local.get $g3) (local.get $vs)) (<V>.gt (local.get $a3) (v128.const i32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 64)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 64)))
        (br $vec4)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $x) (local.get $vend)))
        (local.set $g (v128.load (local.get $dy)))
        (v128.store (local.get $dx)
          (v128.bitselect (local.get $g) (<V>.mul (local.get $g) (local.get $vs))
            (<V>.gt (v128.load (local.get $x)) (v128.const i32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $e (<T>.load (local.get $dy)))
        (<T>.store (local.get $dx)
          (select (local.get $e) (<T>.mul (local.get $e) (local.get $s)) (<T>.gt (<T>.load (local.get $x)) (<ZERO>))))
        (local.set $x (i32.add (local.get $x) (i32.const <BYTES>)))
        (local.set $dy (i32.add (local.get $dy) (i32.const <BYTES>)))
        (local.set $dx (i32.add (local.get $dx) (i32.const <BYTES>)))
        (br $tail))))

  ;; Channels-last PReLU over rows of c elements, slopes w[0..c):
  ;; y[r, j] = x[r, j] > 0 ? x[r, j] : x[r, j] * w[j]
  (func (export "prelu_rows_<T>") (param $x i32) (param $y i32) (param $rows i32) (param $c i32) (param $w i32)
    (local $j i32) (local $cq i32) (local $cv i32) (local $v v128) (local $e <T>) (local $wj i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local.set $cq (i32.and (local.get $c) (i32.const <LM4>)))
    (local.set $cv (i32.and (local.get $c) (i32.const <LM>)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.eqz (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $done
          (loop $vec4
            (br_if $done (i32.ge_u (local.get $j) (local.get $cq)))
            (local.set $wj (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const <SH>))))
            (local.set $v0 (v128.load (local.get $x)))
            (local.set $v1 (v128.load offset=16 (local.get $x)))
            (local.set $v2 (v128.load offset=32 (local.get $x)))
            (local.set $v3 (v128.load offset=48 (local.get $x)))
            (v128.store (local.get $y)
              (v128.bitselect (local.get $v0) (<V>.mul (local.get $v0) (v128.load (local.get $wj))) (<V>.gt (local.get $v0) (v128.const i32x4 0 0 0 0))))
            (v128.store offset=16 (local.get $y)
              (v128.bitselect (local.get $v1) (<V>.mul (local.get $v1) (v128.load offset=16 (local.get $wj))) (<V>.gt (local.get $v1) (v128.const i32x4 0 0 0 0))))
            (v128.store offset=32 (local.get $y)
              (v128.bitselect (local.get $v2) (<V>.mul (local.get $v2) (v128.load offset=32 (local.get $wj))) (<V>.gt (local.get $v2) (v128.const i32x4 0 0 0 0))))
            (v128.store offset=48 (local.get $y)
              (v128.bitselect (local.get $v3) (<V>.mul (local.get $v3) (v128.load offset=48 (local.get $wj))) (<V>.gt (local.get $v3) (v128.const i32x4 0 0 0 0))))
            (local.set $x (i32.add (local.get $x) (i32.const 64)))
            (local.set $y (i32.add (local.get $y) (i32.const 64)))
            (local.set $j (i32.add (local.get $j) (i32.const <L4>)))
            (br $vec4)))
        (block $done
          (loop $vec
            (br_if $done (i32.ge_u (local.get $j) (local.get $cv)))
            (local.set $v (v128.load (local.get $x)))
            (v128.store (local.get $y)
              (v128.bitselect (local.get $v)
                (<V>.mul (local.get $v) (v128.load (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const <SH>)))))
                (<V>.gt (local.get $v) (v128.const i32x4 0 0 0 0))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $y (i32.add (local.get $y) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const <L>)))
            (br $vec)))
        (block $done
          (loop $tail
            (br_if $done (i32.ge_u (local.get $j) (local.get $c)))
            (local.set $e (<T>.load (local.get $x)))
            (local.set $wj (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const <SH>))))
            (<T>.store (local.get $y)
              (select (local.get $e) (<T>.mul (local.get $e) (<T>.load (local.get $wj))) (<T>.gt (local.get $e) (<ZERO>))))
            (local.set $x (i32.add (local.get $x) (i32.const <BYTES>)))
            (local.set $y (i32.add (local.get $y) (i32.const <BYTES>)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; sum + the sum, in float64 and in index order, of x * dy where x is not
  ;; positive: the slope gradient of one channel block, continued from `sum`
  ;; so that a block may be processed in pieces. Products of two float32
  ;; values are exact in float64, as in the scalar kernel.
  (func (export "slope_grad_<T>") (param $x i32) (param $dy i32) (param $n i32) (param $sum f64) (result f64)
    (local $end i32) (local $e f64)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const <SH>))))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $e (<PROMOTE> (<T>.load (local.get $x))))
        (local.set $sum (f64.add (local.get $sum)
          (select (f64.const 0) (f64.mul (local.get $e) (<PROMOTE> (<T>.load (local.get $dy)))) (f64.gt (local.get $e) (f64.const 0)))))
        (local.set $x (i32.add (local.get $x) (i32.const <BYTES>)))
        (local.set $dy (i32.add (local.get $dy) (i32.const <BYTES>)))
        (br $tail)))
    (local.get $sum))

  ;; Maxout with k = 2 over adjacent pairs: y[j] = max(x[2j], x[2j+1]), the
  ;; first element winning ties and the first NaN winning over numbers.
  (func (export "maxout2_<T>") (param $x i32) (param $y i32) (param $m i32)
    (local $qend i32) (local $vend i32) (local $end i32) (local $a v128) (local $b v128) (local $ev v128) (local $od v128)
    (local $a1 v128) (local $b1 v128) (local $ev1 v128) (local $od1 v128)
    (local $p <T>) (local $q <T>)
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $m) (i32.const <SH>))))
    (local.set $vend (i32.add (local.get $y) (i32.shl (i32.and (local.get $m) (i32.const <LM>)) (i32.const <SH>))))
    (local.set $qend (i32.add (local.get $y) (i32.shl (i32.and (local.get $m) (i32.const <LM2>)) (i32.const <SH>))))
    (block $done
      (loop $vec2
        (br_if $done (i32.ge_u (local.get $y) (local.get $qend)))
        (local.set $a (v128.load (local.get $x)))
        (local.set $b (v128.load offset=16 (local.get $x)))
        (local.set $a1 (v128.load offset=32 (local.get $x)))
        (local.set $b1 (v128.load offset=48 (local.get $x)))
        (local.set $ev (i8x16.shuffle <EVEN> (local.get $a) (local.get $b)))
        (local.set $od (i8x16.shuffle <ODD> (local.get $a) (local.get $b)))
        (local.set $ev1 (i8x16.shuffle <EVEN> (local.get $a1) (local.get $b1)))
        (local.set $od1 (i8x16.shuffle <ODD> (local.get $a1) (local.get $b1)))
        (v128.store (local.get $y)
          (v128.bitselect (local.get $od) (local.get $ev)
            (v128.or (<V>.gt (local.get $od) (local.get $ev))
              (v128.and (<V>.ne (local.get $od) (local.get $od)) (<V>.eq (local.get $ev) (local.get $ev))))))
        (v128.store offset=16 (local.get $y)
          (v128.bitselect (local.get $od1) (local.get $ev1)
            (v128.or (<V>.gt (local.get $od1) (local.get $ev1))
              (v128.and (<V>.ne (local.get $od1) (local.get $od1)) (<V>.eq (local.get $ev1) (local.get $ev1))))))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $y (i32.add (local.get $y) (i32.const 32)))
        (br $vec2)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $y) (local.get $vend)))
        (local.set $a (v128.load (local.get $x)))
        (local.set $b (v128.load offset=16 (local.get $x)))
        (local.set $ev (i8x16.shuffle <EVEN> (local.get $a) (local.get $b)))
        (local.set $od (i8x16.shuffle <ODD> (local.get $a) (local.get $b)))
        (v128.store (local.get $y)
          (v128.bitselect (local.get $od) (local.get $ev)
            (v128.or (<V>.gt (local.get $od) (local.get $ev))
              (v128.and (<V>.ne (local.get $od) (local.get $od)) (<V>.eq (local.get $ev) (local.get $ev))))))
        (local.set $x (i32.add (local.get $x) (i32.const 32)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
        (local.set $p (<T>.load (local.get $x)))
        (local.set $q (<T>.load offset=<BYTES> (local.get $x)))
        (<T>.store (local.get $y)
          (select (local.get $q) (local.get $p)
            (i32.or (<T>.gt (local.get $q) (local.get $p))
              (i32.and (<T>.ne (local.get $q) (local.get $q)) (<T>.eq (local.get $p) (local.get $p))))))
        (local.set $x (i32.add (local.get $x) (i32.const <BYTES2>)))
        (local.set $y (i32.add (local.get $y) (i32.const <BYTES>)))
        (br $tail))))

  ;; Maxout k = 2 backward: dy[j] goes to the element maxout2 picked, +0 to the other.
  (func (export "maxout2_bwd_<T>") (param $x i32) (param $dy i32) (param $dx i32) (param $m i32)
    (local $qend i32) (local $vend i32) (local $end i32) (local $a v128) (local $b v128) (local $ev v128) (local $od v128)
    (local $take v128) (local $g v128) (local $ge v128) (local $go v128)
    (local $a1 v128) (local $b1 v128) (local $ev1 v128) (local $od1 v128) (local $take1 v128) (local $g1 v128) (local $ge1 v128) (local $go1 v128)
    (local $p <T>) (local $q <T>) (local $t i32) (local $s <T>)
    (local.set $end (i32.add (local.get $dy) (i32.shl (local.get $m) (i32.const <SH>))))
    (local.set $vend (i32.add (local.get $dy) (i32.shl (i32.and (local.get $m) (i32.const <LM>)) (i32.const <SH>))))
    (local.set $qend (i32.add (local.get $dy) (i32.shl (i32.and (local.get $m) (i32.const <LM2>)) (i32.const <SH>))))
    (block $done
      (loop $vec2
        (br_if $done (i32.ge_u (local.get $dy) (local.get $qend)))
        (local.set $a (v128.load (local.get $x)))
        (local.set $b (v128.load offset=16 (local.get $x)))
        (local.set $a1 (v128.load offset=32 (local.get $x)))
        (local.set $b1 (v128.load offset=48 (local.get $x)))
        (local.set $g (v128.load (local.get $dy)))
        (local.set $g1 (v128.load offset=16 (local.get $dy)))
        (local.set $ev (i8x16.shuffle <EVEN> (local.get $a) (local.get $b)))
        (local.set $od (i8x16.shuffle <ODD> (local.get $a) (local.get $b)))
        (local.set $ev1 (i8x16.shuffle <EVEN> (local.get $a1) (local.get $b1)))
        (local.set $od1 (i8x16.shuffle <ODD> (local.get $a1) (local.get $b1)))
        (local.set $take
          (v128.or (<V>.gt (local.get $od) (local.get $ev))
            (v128.and (<V>.ne (local.get $od) (local.get $od)) (<V>.eq (local.get $ev) (local.get $ev)))))
        (local.set $take1
          (v128.or (<V>.gt (local.get $od1) (local.get $ev1))
            (v128.and (<V>.ne (local.get $od1) (local.get $od1)) (<V>.eq (local.get $ev1) (local.get $ev1)))))
        (local.set $ge (v128.andnot (local.get $g) (local.get $take)))
        (local.set $go (v128.and (local.get $g) (local.get $take)))
        (local.set $ge1 (v128.andnot (local.get $g1) (local.get $take1)))
        (local.set $go1 (v128.and (local.get $g1) (local.get $take1)))
        (v128.store (local.get $dx) (i8x16.shuffle <ILO> (local.get $ge) (local.get $go)))
        (v128.store offset=16 (local.get $dx) (i8x16.shuffle <IHI> (local.get $ge) (local.get $go)))
        (v128.store offset=32 (local.get $dx) (i8x16.shuffle <ILO> (local.get $ge1) (local.get $go1)))
        (v128.store offset=48 (local.get $dx) (i8x16.shuffle <IHI> (local.get $ge1) (local.get $go1)))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 64)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 32)))
        (br $vec2)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $dy) (local.get $vend)))
        (local.set $a (v128.load (local.get $x)))
        (local.set $b (v128.load offset=16 (local.get $x)))
        (local.set $ev (i8x16.shuffle <EVEN> (local.get $a) (local.get $b)))
        (local.set $od (i8x16.shuffle <ODD> (local.get $a) (local.get $b)))
        (local.set $take
          (v128.or (<V>.gt (local.get $od) (local.get $ev))
            (v128.and (<V>.ne (local.get $od) (local.get $od)) (<V>.eq (local.get $ev) (local.get $ev)))))
        (local.set $g (v128.load (local.get $dy)))
        (local.set $ge (v128.andnot (local.get $g) (local.get $take)))
        (local.set $go (v128.and (local.get $g) (local.get $take)))
        (v128.store (local.get $dx) (i8x16.shuffle <ILO> (local.get $ge) (local.get $go)))
        (v128.store offset=16 (local.get $dx) (i8x16.shuffle <IHI> (local.get $ge) (local.get $go)))
        (local.set $x (i32.add (local.get $x) (i32.const 32)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 32)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $dy) (local.get $end)))
        (local.set $p (<T>.load (local.get $x)))
        (local.set $q (<T>.load offset=<BYTES> (local.get $x)))
        (local.set $s (<T>.load (local.get $dy)))
        (local.set $t
          (i32.or (<T>.gt (local.get $q) (local.get $p))
            (i32.and (<T>.ne (local.get $q) (local.get $q)) (<T>.eq (local.get $p) (local.get $p)))))
        (<T>.store (local.get $dx) (select (<ZERO>) (local.get $s) (local.get $t)))
        (<T>.store offset=<BYTES> (local.get $dx) (select (local.get $s) (<ZERO>) (local.get $t)))
        (local.set $x (i32.add (local.get $x) (i32.const <BYTES2>)))
        (local.set $dx (i32.add (local.get $dx) (i32.const <BYTES2>)))
        (local.set $dy (i32.add (local.get $dy) (i32.const <BYTES>)))
        (br $tail))))

  ;; General maxout over blocks: x is [outer, groups * k, inner], y is
  ;; [outer, groups, inner]; y[o, g, j] = max over p < k of x[o, g * k + p, j],
  ;; first maximum and first NaN winning, as in maxout2.
  (func (export "maxout_blocks_<T>") (param $x i32) (param $y i32) (param $blocks i32) (param $k i32) (param $inner i32)
    (local $stride i32) (local $iv i32) (local $j i32) (local $p i32) (local $src i32)
    (local $best v128) (local $v v128) (local $bs <T>) (local $e <T>)
    (local.set $stride (i32.shl (local.get $inner) (i32.const <SH>)))
    (local.set $iv (i32.and (local.get $inner) (i32.const <LM>)))
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.eqz (local.get $blocks)))
        (local.set $j (i32.const 0))
        (block $done
          (loop $vec
            (br_if $done (i32.ge_u (local.get $j) (local.get $iv)))
            (local.set $src (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const <SH>))))
            (local.set $best (v128.load (local.get $src)))
            (local.set $p (i32.const 1))
            (block $pdone
              (loop $piece
                (br_if $pdone (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $src (i32.add (local.get $src) (local.get $stride)))
                (local.set $v (v128.load (local.get $src)))
                (local.set $best
                  (v128.bitselect (local.get $v) (local.get $best)
                    (v128.or (<V>.gt (local.get $v) (local.get $best))
                      (v128.and (<V>.ne (local.get $v) (local.get $v)) (<V>.eq (local.get $best) (local.get $best))))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $piece)))
            (v128.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const <SH>))) (local.get $best))
            (local.set $j (i32.add (local.get $j) (i32.const <L>)))
            (br $vec)))
        (block $done
          (loop $tail
            (br_if $done (i32.ge_u (local.get $j) (local.get $inner)))
            (local.set $src (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const <SH>))))
            (local.set $bs (<T>.load (local.get $src)))
            (local.set $p (i32.const 1))
            (block $pdone
              (loop $piece
                (br_if $pdone (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $src (i32.add (local.get $src) (local.get $stride)))
                (local.set $e (<T>.load (local.get $src)))
                (local.set $bs
                  (select (local.get $e) (local.get $bs)
                    (i32.or (<T>.gt (local.get $e) (local.get $bs))
                      (i32.and (<T>.ne (local.get $e) (local.get $e)) (<T>.eq (local.get $bs) (local.get $bs))))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $piece)))
            (<T>.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const <SH>))) (local.get $bs))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $x (i32.add (local.get $x) (i32.mul (local.get $stride) (local.get $k))))
        (local.set $y (i32.add (local.get $y) (local.get $stride)))
        (local.set $blocks (i32.sub (local.get $blocks) (i32.const 1)))
        (br $block))))

  ;; General maxout backward: the first element equal to the group's maximum
  ;; (or its first NaN) gets dy, every other element +0.
  (func (export "maxout_blocks_bwd_<T>") (param $x i32) (param $dy i32) (param $dx i32) (param $blocks i32) (param $k i32) (param $inner i32)
    (local $stride i32) (local $iv i32) (local $j i32) (local $p i32) (local $src i32) (local $dst i32)
    (local $best v128) (local $v v128) (local $g v128) (local $found v128) (local $hit v128) (local $bnan v128)
    (local $bs <T>) (local $e <T>) (local $gs <T>) (local $fs i32) (local $hs i32)
    (local.set $stride (i32.shl (local.get $inner) (i32.const <SH>)))
    (local.set $iv (i32.and (local.get $inner) (i32.const <LM>)))
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.eqz (local.get $blocks)))
        (local.set $j (i32.const 0))
        (block $done
          (loop $vec
            (br_if $done (i32.ge_u (local.get $j) (local.get $iv)))
            (local.set $src (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const <SH>))))
            (local.set $best (v128.load (local.get $src)))
            (local.set $p (i32.const 1))
            (block $pdone
              (loop $piece
                (br_if $pdone (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $src (i32.add (local.get $src) (local.get $stride)))
                (local.set $v (v128.load (local.get $src)))
                (local.set $best
                  (v128.bitselect (local.get $v) (local.get $best)
                    (v128.or (<V>.gt (local.get $v) (local.get $best))
                      (v128.and (<V>.ne (local.get $v) (local.get $v)) (<V>.eq (local.get $best) (local.get $best))))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $piece)))
            (local.set $bnan (<V>.ne (local.get $best) (local.get $best)))
            (local.set $g (v128.load (i32.add (local.get $dy) (i32.shl (local.get $j) (i32.const <SH>)))))
            (local.set $found (v128.const i32x4 0 0 0 0))
            (local.set $src (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const <SH>))))
            (local.set $dst (i32.add (local.get $dx) (i32.shl (local.get $j) (i32.const <SH>))))
            (local.set $p (i32.const 0))
            (block $pdone
              (loop $piece
                (br_if $pdone (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $v (v128.load (local.get $src)))
                (local.set $hit
                  (v128.andnot
                    (v128.or (<V>.eq (local.get $v) (local.get $best))
                      (v128.and (<V>.ne (local.get $v) (local.get $v)) (local.get $bnan)))
                    (local.get $found)))
                (local.set $found (v128.or (local.get $found) (local.get $hit)))
                (v128.store (local.get $dst) (v128.and (local.get $g) (local.get $hit)))
                (local.set $src (i32.add (local.get $src) (local.get $stride)))
                (local.set $dst (i32.add (local.get $dst) (local.get $stride)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $piece)))
            (local.set $j (i32.add (local.get $j) (i32.const <L>)))
            (br $vec)))
        (block $done
          (loop $tail
            (br_if $done (i32.ge_u (local.get $j) (local.get $inner)))
            (local.set $src (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const <SH>))))
            (local.set $bs (<T>.load (local.get $src)))
            (local.set $p (i32.const 1))
            (block $pdone
              (loop $piece
                (br_if $pdone (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $src (i32.add (local.get $src) (local.get $stride)))
                (local.set $e (<T>.load (local.get $src)))
                (local.set $bs
                  (select (local.get $e) (local.get $bs)
                    (i32.or (<T>.gt (local.get $e) (local.get $bs))
                      (i32.and (<T>.ne (local.get $e) (local.get $e)) (<T>.eq (local.get $bs) (local.get $bs))))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $piece)))
            (local.set $gs (<T>.load (i32.add (local.get $dy) (i32.shl (local.get $j) (i32.const <SH>)))))
            (local.set $fs (i32.const 0))
            (local.set $src (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const <SH>))))
            (local.set $dst (i32.add (local.get $dx) (i32.shl (local.get $j) (i32.const <SH>))))
            (local.set $p (i32.const 0))
            (block $pdone
              (loop $piece
                (br_if $pdone (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $e (<T>.load (local.get $src)))
                (local.set $hs
                  (i32.and (i32.eqz (local.get $fs))
                    (i32.or (<T>.eq (local.get $e) (local.get $bs))
                      (i32.and (<T>.ne (local.get $e) (local.get $e)) (<T>.ne (local.get $bs) (local.get $bs))))))
                (local.set $fs (i32.or (local.get $fs) (local.get $hs)))
                (<T>.store (local.get $dst) (select (local.get $gs) (<ZERO>) (local.get $hs)))
                (local.set $src (i32.add (local.get $src) (local.get $stride)))
                (local.set $dst (i32.add (local.get $dst) (local.get $stride)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $piece)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $x (i32.add (local.get $x) (i32.mul (local.get $stride) (local.get $k))))
        (local.set $dx (i32.add (local.get $dx) (i32.mul (local.get $stride) (local.get $k))))
        (local.set $dy (i32.add (local.get $dy) (local.get $stride)))
        (local.set $blocks (i32.sub (local.get $blocks) (i32.const 1)))
        (br $block))))

  ;; Product: o = a * b, rounded once (RReLU's training backward, dx = dy * noise)
  (func (export "mul_<T>") (param $a i32) (param $b i32) (param $o i32) (param $n i32)
    (local $qend i32) (local $vend i32) (local $end i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const <SH>))))
    (local.set $vend (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const <LM>)) (i32.const <SH>))))
    (local.set $qend (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const <LM4>)) (i32.const <SH>))))
    (block $done
      (loop $vec4
        (br_if $done (i32.ge_u (local.get $a) (local.get $qend)))
        (local.set $a0 (v128.load (local.get $a)))
        (local.set $a1 (v128.load offset=16 (local.get $a)))
        (local.set $a2 (v128.load offset=32 (local.get $a)))
        (local.set $a3 (v128.load offset=48 (local.get $a)))
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $b2 (v128.load offset=32 (local.get $b)))
        (local.set $b3 (v128.load offset=48 (local.get $b)))
        (v128.store (local.get $o) (<V>.mul (local.get $a0) (local.get $b0)))
        (v128.store offset=16 (local.get $o) (<V>.mul (local.get $a1) (local.get $b1)))
        (v128.store offset=32 (local.get $o) (<V>.mul (local.get $a2) (local.get $b2)))
        (v128.store offset=48 (local.get $o) (<V>.mul (local.get $a3) (local.get $b3)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $vec4)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $a) (local.get $vend)))
        (v128.store (local.get $o) (<V>.mul (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (<T>.store (local.get $o) (<T>.mul (<T>.load (local.get $a)) (<T>.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const <BYTES>)))
        (local.set $b (i32.add (local.get $b) (i32.const <BYTES>)))
        (local.set $o (i32.add (local.get $o) (i32.const <BYTES>)))
        (br $tail))))
