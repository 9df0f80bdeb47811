;; Float32 elementwise kernels with 128-bit SIMD for @gradkit/tensor's CPU backend, over the
;; same (shared) memory as gemm.wat and kernels.wat. Each result is the JS kernel's, bit for
;; bit: +, -, *, / and sqrt of float32 values rounded once from float64 equal the float32
;; operation; maximum/minimum keep JS's NaN and signed-zero rules.
;;
;; Pointers are byte offsets, n counts elements. Every region is padded to a multiple of 4
;; elements (bool: 4 bytes), so the kernels work 4 lanes at a time up to n rounded up.
;;
;; Generated into elementwise-wasm.generated.ts by gemm-wasm.test.ts; edit this file, then run
;; `pnpm --filter @gradkit/tensor generate:wasm`.
(module
  (import "env" "memory" (memory 1 16384 shared))

  ;; op: 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum (NaN if either is NaN, else JS's
  ;; a > b ? a : b, resp. a < b ? a : b: pmax/pmin with the operands swapped).
  (func $apply (param $op i32) (param $x v128) (param $y v128) (result v128)
    (local $nan v128)
    (block $minimum
      (block $maximum
        (block $div
          (block $mul
            (block $sub
              (block $add
                (br_table $add $sub $mul $div $maximum $minimum (local.get $op)))
              (return (f32x4.add (local.get $x) (local.get $y))))
            (return (f32x4.sub (local.get $x) (local.get $y))))
          (return (f32x4.mul (local.get $x) (local.get $y))))
        (return (f32x4.div (local.get $x) (local.get $y))))
      (local.set $nan (v128.or (f32x4.ne (local.get $x) (local.get $x))
                               (f32x4.ne (local.get $y) (local.get $y))))
      (return (v128.bitselect (f32x4.add (local.get $x) (local.get $y))
        (f32x4.pmax (local.get $y) (local.get $x)) (local.get $nan))))
    (local.set $nan (v128.or (f32x4.ne (local.get $x) (local.get $x))
                             (f32x4.ne (local.get $y) (local.get $y))))
    (v128.bitselect (f32x4.add (local.get $x) (local.get $y))
      (f32x4.pmin (local.get $y) (local.get $x)) (local.get $nan)))

  ;; out = a op b. mode: 0 equal shapes, 1 b a scalar, 2 a a scalar, 3 b a row of m >= 4
  ;; elements repeated over n / m rows (a bias).
  (func (export "binary") (param $op i32) (param $a i32) (param $b i32) (param $out i32)
    (param $n i32) (param $mode i32) (param $m i32)
    (local $end i32) (local $x v128) (local $y v128) (local $rowEnd i32) (local $j i32)
    (local $last i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (if (i32.eq (local.get $mode) (i32.const 3))
      (then
        ;; Each row's last vector starts at m - 4, overlapping the one before if m % 4 != 0:
        ;; it writes the same values again (out is not an operand).
        (local.set $last (i32.shl (i32.sub (local.get $m) (i32.const 4)) (i32.const 2)))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $out) (local.get $end)))
            (local.set $j (i32.const 0))
            (loop $columns
              (if (i32.gt_u (local.get $j) (local.get $last)) (then (local.set $j (local.get $last))))
              (v128.store (i32.add (local.get $out) (local.get $j))
                (call $apply (local.get $op)
                  (v128.load (i32.add (local.get $a) (local.get $j)))
                  (v128.load (i32.add (local.get $b) (local.get $j)))))
              (local.set $j (i32.add (local.get $j) (i32.const 16)))
              (br_if $columns (i32.lt_u (local.get $j) (i32.add (local.get $last) (i32.const 16)))))
            (local.set $a (i32.add (local.get $a) (i32.shl (local.get $m) (i32.const 2))))
            (local.set $out (i32.add (local.get $out) (i32.shl (local.get $m) (i32.const 2))))
            (br $rows)))
        (return)))
    (if (i32.eq (local.get $mode) (i32.const 1)) (then (local.set $y (v128.load32_splat (local.get $b)))))
    (if (i32.eq (local.get $mode) (i32.const 2)) (then (local.set $x (v128.load32_splat (local.get $a)))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (if (i32.ne (local.get $mode) (i32.const 2)) (then (local.set $x (v128.load (local.get $a)))))
        (if (i32.ne (local.get $mode) (i32.const 1)) (then (local.set $y (v128.load (local.get $b)))))
        (v128.store (local.get $out) (call $apply (local.get $op) (local.get $x) (local.get $y)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vectors))))

  ;; out (bool bytes, 0 or 1) = a op b. op: 0 less, 1 lessEqual, 2 greater, 3 greaterEqual,
  ;; 4 equal, 5 notEqual (NaN compares false except notEqual, as in JS). mode: 0 equal
  ;; shapes, 1 b a scalar, 2 a a scalar.
  (func (export "compare") (param $op i32) (param $a i32) (param $b i32) (param $out i32)
    (param $n i32) (param $mode i32)
    (local $end i32) (local $x v128) (local $y v128) (local $mask v128)
    (local.set $end (i32.add (local.get $out) (local.get $n)))
    (if (i32.eq (local.get $mode) (i32.const 1)) (then (local.set $y (v128.load32_splat (local.get $b)))))
    (if (i32.eq (local.get $mode) (i32.const 2)) (then (local.set $x (v128.load32_splat (local.get $a)))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (if (i32.ne (local.get $mode) (i32.const 2)) (then (local.set $x (v128.load (local.get $a)))))
        (if (i32.ne (local.get $mode) (i32.const 1)) (then (local.set $y (v128.load (local.get $b)))))
        (block $picked
          (block $notEqual
            (block $equal
              (block $greaterEqual
                (block $greater
                  (block $lessEqual
                    (block $less
                      (br_table $less $lessEqual $greater $greaterEqual $equal $notEqual
                        (local.get $op)))
                    (local.set $mask (f32x4.lt (local.get $x) (local.get $y)))
                    (br $picked))
                  (local.set $mask (f32x4.le (local.get $x) (local.get $y)))
                  (br $picked))
                (local.set $mask (f32x4.gt (local.get $x) (local.get $y)))
                (br $picked))
              (local.set $mask (f32x4.ge (local.get $x) (local.get $y)))
              (br $picked))
            (local.set $mask (f32x4.eq (local.get $x) (local.get $y)))
            (br $picked))
          (local.set $mask (f32x4.ne (local.get $x) (local.get $y))))
        ;; Four all-ones / all-zeros lanes -> four bytes 1 / 0.
        (local.set $mask (i16x8.narrow_i32x4_s (local.get $mask) (local.get $mask)))
        (local.set $mask (i8x16.narrow_i16x8_s (local.get $mask) (local.get $mask)))
        (v128.store32_lane 0 (local.get $out)
          (v128.and (local.get $mask) (i8x16.splat (i32.const 1))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $vectors))))

  ;; out = cond ? a : b, cond bool bytes. mode: 0 equal shapes, 1 a a scalar, 2 b a scalar.
  (func (export "select") (param $cond i32) (param $a i32) (param $b i32) (param $out i32)
    (param $n i32) (param $mode i32)
    (local $end i32) (local $x v128) (local $y v128) (local $mask v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (if (i32.eq (local.get $mode) (i32.const 1)) (then (local.set $x (v128.load32_splat (local.get $a)))))
    (if (i32.eq (local.get $mode) (i32.const 2)) (then (local.set $y (v128.load32_splat (local.get $b)))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (if (i32.ne (local.get $mode) (i32.const 1)) (then (local.set $x (v128.load (local.get $a)))))
        (if (i32.ne (local.get $mode) (i32.const 2)) (then (local.set $y (v128.load (local.get $b)))))
        (local.set $mask (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u
          (v128.load32_zero (local.get $cond)))))
        (v128.store (local.get $out) (v128.bitselect (local.get $x) (local.get $y)
          (i32x4.ne (local.get $mask) (v128.const i32x4 0 0 0 0))))
        (local.set $cond (i32.add (local.get $cond) (i32.const 4)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vectors))))

  ;; out = op(x). op: 0 neg, 1 abs, 2 sqrt.
  (func (export "unary") (param $op i32) (param $x i32) (param $out i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $v (v128.load (local.get $x)))
        (block $picked
          (block $sqrt
            (block $abs
              (block $neg
                (br_table $neg $abs $sqrt (local.get $op)))
              (local.set $v (f32x4.neg (local.get $v)))
              (br $picked))
            (local.set $v (f32x4.abs (local.get $v)))
            (br $picked))
          (local.set $v (f32x4.sqrt (local.get $v))))
        (v128.store (local.get $out) (local.get $v))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vectors))))

  ;; Reductions, each output summed (or maxed) in order in float64 as the JS kernel does, so the
  ;; results are the same bits; threads split the outputs, never one output's sum.

  ;; out[j] = sum over i < rows of x[i * ld + j] for j < cols: a sum over leading axes.
  (func (export "sumColumns") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)
    (param $ld i32)
    (local $j i32) (local $i i32) (local $p i32) (local $low v128) (local $high v128) (local $v v128)
    (local $ldb i32) (local $acc f64)
    (local.set $ldb (i32.shl (local.get $ld) (i32.const 2)))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $cols)))
        (local.set $low (v128.const f64x2 0 0))
        (local.set $high (v128.const f64x2 0 0))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $v (v128.load (local.get $p)))
            (local.set $low (f64x2.add (local.get $low) (f64x2.promote_low_f32x4 (local.get $v))))
            (local.set $high (f64x2.add (local.get $high) (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
            (local.set $p (i32.add (local.get $p) (local.get $ldb)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        (v128.store64_lane 0 (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
          (f32x4.demote_f64x2_zero (local.get $low)))
        (v128.store64_lane 0 (i32.add (local.get $out) (i32.shl (i32.add (local.get $j) (i32.const 2)) (i32.const 2)))
          (f32x4.demote_f64x2_zero (local.get $high)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $vectors)))
    (block $done
      (loop $columns
        (br_if $done (i32.ge_u (local.get $j) (local.get $cols)))
        (local.set $acc (f64.const 0))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $acc (f64.add (local.get $acc) (f64.promote_f32 (f32.load (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (local.get $ldb)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
          (f32.demote_f64 (local.get $acc)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $columns))))

  ;; out[j] = max (op 1) or min (op 2) of x[i * ld + j] over i < rows, for j < cols: a
  ;; reduction over leading axes. As the JS kernel: the first of equal values is kept (pmax and
  ;; pmin keep their first operand then, so -0 and 0 come out as there), NaN if any is NaN.
  (func (export "extremaColumns") (param $op i32) (param $x i32) (param $out i32) (param $rows i32)
    (param $cols i32) (param $ld i32)
    (local $j i32) (local $i i32) (local $p i32) (local $acc v128) (local $v v128) (local $nan v128)
    (local $start v128) (local $ldb i32) (local $best f32) (local $value f32) (local $isNan i32)
    (local.set $ldb (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $start (select (v128.const f32x4 -inf -inf -inf -inf) (v128.const f32x4 inf inf inf inf)
      (i32.eq (local.get $op) (i32.const 1))))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $cols)))
        (local.set $acc (local.get $start))
        (local.set $nan (v128.const i32x4 0 0 0 0))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $v (v128.load (local.get $p)))
            (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
            (local.set $acc (if (result v128) (i32.eq (local.get $op) (i32.const 1))
              (then (f32x4.pmax (local.get $acc) (local.get $v)))
              (else (f32x4.pmin (local.get $acc) (local.get $v)))))
            (local.set $p (i32.add (local.get $p) (local.get $ldb)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
          (v128.bitselect (v128.const f32x4 nan nan nan nan) (local.get $acc) (local.get $nan)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $vectors)))
    (block $done
      (loop $columns
        (br_if $done (i32.ge_u (local.get $j) (local.get $cols)))
        (local.set $best (f32x4.extract_lane 0 (local.get $start)))
        (local.set $isNan (i32.const 0))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $value (f32.load (local.get $p)))
            (if (f32.ne (local.get $value) (local.get $value)) (then (local.set $isNan (i32.const 1))))
            (if (select (f32.gt (local.get $value) (local.get $best))
                        (f32.lt (local.get $value) (local.get $best))
                        (i32.eq (local.get $op) (i32.const 1)))
              (then (local.set $best (local.get $value))))
            (local.set $p (i32.add (local.get $p) (local.get $ldb)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
          (select (f32.const nan) (local.get $best) (local.get $isNan)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $columns))))

  ;; out[r] = sum (op 0), max (op 1) or min (op 2) of x[r * cols + j] over j < cols (max and
  ;; min NaN if any is NaN): a reduction over trailing axes.
  (func (export "reduceRows") (param $op i32) (param $x i32) (param $out i32) (param $rows i32)
    (param $cols i32)
    (local $r i32) (local $end i32) (local $acc f64) (local $v f64)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $end (i32.add (local.get $x) (i32.shl (local.get $cols) (i32.const 2))))
        (local.set $acc (select (f64.const 0)
          (select (f64.const -inf) (f64.const inf) (i32.eq (local.get $op) (i32.const 1)))
          (i32.eqz (local.get $op))))
        (block $row_done
          (loop $columns
            (br_if $row_done (i32.ge_u (local.get $x) (local.get $end)))
            (local.set $v (f64.promote_f32 (f32.load (local.get $x))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (if (i32.eqz (local.get $op))
              (then (local.set $acc (f64.add (local.get $acc) (local.get $v))))
              (else
                (if (f64.ne (local.get $v) (local.get $v))
                  (then (local.set $acc (local.get $v)) (br $row_done)))
                (if (select (f64.gt (local.get $v) (local.get $acc))
                            (f64.lt (local.get $v) (local.get $acc))
                            (i32.eq (local.get $op) (i32.const 1)))
                  (then (local.set $acc (local.get $v))))))
            (br $columns)))
        (local.set $x (local.get $end))
        (f32.store (local.get $out) (f32.demote_f64 (local.get $acc)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))
)
