;; Channels-last PReLU backward over rows of c elements, slopes w[0..c) in the
;; input's dtype and per-channel float64 sums g[0..c):
;;   dx[r, j] = x[r, j] > 0 ? dy[r, j] : dy[r, j] * w[j]
;;   g[j] += x[r, j] * dy[r, j] where x[r, j] is not positive, row after row.
;; Each channel keeps its own sum, added to in row order, so the vector lanes
;; (one channel each) give exactly the sums of the scalar kernel. A float32
;; product is formed in float64, where it is exact.

  (func (export "prelu_rows_bwd_f32") (param $x i32) (param $dy i32) (param $dx i32) (param $rows i32) (param $c i32) (param $w i32) (param $g i32)
    (local $j i32) (local $cv i32) (local $xv v128) (local $gv v128) (local $xd v128) (local $gd v128) (local $gp i32)
    (local $e f32) (local $s f32) (local $ed f64)
    (local.set $cv (i32.and (local.get $c) (i32.const -4)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.eqz (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $done
          (loop $vec
            (br_if $done (i32.ge_u (local.get $j) (local.get $cv)))
            (local.set $xv (v128.load (local.get $x)))
            (local.set $gv (v128.load (local.get $dy)))
            (v128.store (local.get $dx)
              (v128.bitselect (local.get $gv)
                (f32x4.mul (local.get $gv) (v128.load (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 2)))))
                (f32x4.gt (local.get $xv) (v128.const i32x4 0 0 0 0))))
            (local.set $gp (i32.add (local.get $g) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $xd (f64x2.promote_low_f32x4 (local.get $xv)))
            (local.set $gd (f64x2.promote_low_f32x4 (local.get $gv)))
            (v128.store (local.get $gp)
              (f64x2.add (v128.load (local.get $gp))
                (v128.andnot (f64x2.mul (local.get $xd) (local.get $gd)) (f64x2.gt (local.get $xd) (v128.const i32x4 0 0 0 0)))))
            (local.set $xd (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $xv) (local.get $xv))))
            (local.set $gd (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $gv) (local.get $gv))))
            (v128.store offset=16 (local.get $gp)
              (f64x2.add (v128.load offset=16 (local.get $gp))
                (v128.andnot (f64x2.mul (local.get $xd) (local.get $gd)) (f64x2.gt (local.get $xd) (v128.const i32x4 0 0 0 0)))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vec)))
        (block $done
          (loop $tail
            (br_if $done (i32.ge_u (local.get $j) (local.get $c)))
            (local.set $e (f32.load (local.get $x)))
            (local.set $s (f32.load (local.get $dy)))
            (f32.store (local.get $dx)
              (select (local.get $s) (f32.mul (local.get $s) (f32.load (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 2)))))
                (f32.gt (local.get $e) (f32.const 0))))
            (local.set $gp (i32.add (local.get $g) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $ed (f64.promote_f32 (local.get $e)))
            (f64.store (local.get $gp)
              (f64.add (f64.load (local.get $gp))
                (select (f64.const 0) (f64.mul (local.get $ed) (f64.promote_f32 (local.get $s))) (f64.gt (local.get $ed) (f64.const 0)))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
            (local.set $dx (i32.add (local.get $dx) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  (func (export "prelu_rows_bwd_f64") (param $x i32) (param $dy i32) (param $dx i32) (param $rows i32) (param $c i32) (param $w i32) (param $g i32)
    (local $j i32) (local $cv i32) (local $xv v128) (local $gv v128) (local $gp i32) (local $e f64) (local $s f64)
    (local.set $cv (i32.and (local.get $c) (i32.const -2)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.eqz (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $done
          (loop $vec
            (br_if $done (i32.ge_u (local.get $j) (local.get $cv)))
            (local.set $xv (v128.load (local.get $x)))
            (local.set $gv (v128.load (local.get $dy)))
            (v128.store (local.get $dx)
              (v128.bitselect (local.get $gv)
                (f64x2.mul (local.get $gv) (v128.load (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3)))))
                (f64x2.gt (local.get $xv) (v128.const i32x4 0 0 0 0))))
            (local.set $gp (i32.add (local.get $g) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $gp)
              (f64x2.add (v128.load (local.get $gp))
                (v128.andnot (f64x2.mul (local.get $xv) (local.get $gv)) (f64x2.gt (local.get $xv) (v128.const i32x4 0 0 0 0)))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $vec)))
        (block $done
          (loop $tail
            (br_if $done (i32.ge_u (local.get $j) (local.get $c)))
            (local.set $e (f64.load (local.get $x)))
            (local.set $s (f64.load (local.get $dy)))
            (f64.store (local.get $dx)
              (select (local.get $s) (f64.mul (local.get $s) (f64.load (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3)))))
                (f64.gt (local.get $e) (f64.const 0))))
            (local.set $gp (i32.add (local.get $g) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $gp)
              (f64.add (f64.load (local.get $gp))
                (select (f64.const 0) (f64.mul (local.get $e) (local.get $s)) (f64.gt (local.get $e) (f64.const 0)))))
            (local.set $x (i32.add (local.get $x) (i32.const 8)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 8)))
            (local.set $dx (i32.add (local.get $dx) (i32.const 8)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))
