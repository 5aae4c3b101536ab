;; xoroshiro128+ (Blackman & Vigna), the generator of pure-rand's
;; xoroshiro128plus, on 64-bit integers, for kernels that need many draws.
;;
;; xoro_fill(st, d, count) writes the generator's next count outputs as
;; int32 to d, d + 4, ... and advances the state at st. The state is four
;; int32 in pure-rand's order (s01, s00, s11, s10): the high and low halves
;; of s0, then of s1. Each output is the low 32 bits of s0 + s1, which is
;; pure-rand's next(); then
;;   s1 ^= s0;  s0 = rotl(s0, 24) ^ s1 ^ (s1 << 16);  s1 = rotl(s1, 37).
  (func $xoro_fill (export "xoro_fill") (param $st i32) (param $d i32) (param $count i32)
    (local $s0 i64) (local $s1 i64) (local $end i32)
    (local.set $s0 (i64.or (i64.shl (i64.extend_i32_u (i32.load (local.get $st))) (i64.const 32))
                           (i64.extend_i32_u (i32.load offset=4 (local.get $st)))))
    (local.set $s1 (i64.or (i64.shl (i64.extend_i32_u (i32.load offset=8 (local.get $st))) (i64.const 32))
                           (i64.extend_i32_u (i32.load offset=12 (local.get $st)))))
    (local.set $end (i32.add (local.get $d) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $d) (local.get $end)))
        (i32.store (local.get $d) (i32.wrap_i64 (i64.add (local.get $s0) (local.get $s1))))
        (local.set $s1 (i64.xor (local.get $s1) (local.get $s0)))
        (local.set $s0 (i64.xor (i64.xor (i64.rotl (local.get $s0) (i64.const 24)) (local.get $s1))
                                (i64.shl (local.get $s1) (i64.const 16))))
        (local.set $s1 (i64.rotl (local.get $s1) (i64.const 37)))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (br $next)))
    (i32.store (local.get $st) (i32.wrap_i64 (i64.shr_u (local.get $s0) (i64.const 32))))
    (i32.store offset=4 (local.get $st) (i32.wrap_i64 (local.get $s0)))
    (i32.store offset=8 (local.get $st) (i32.wrap_i64 (i64.shr_u (local.get $s1) (i64.const 32))))
    (i32.store offset=12 (local.get $st) (i32.wrap_i64 (local.get $s1))))
