;; Float32 GEMM with 128-bit SIMD for @gradkit/tensor's CPU backend.
;;
;; C[m, n] = A[m, k] x B[k, n], C row-major with row stride ldc (elements). A and B are read
;; through strides (elements), so a transposed operand is just swapped strides:
;;   A(i, p) = a[i * rsa + p * csa],  B(p, j) = b[p * rsb + j * csb].
;; All pointers are byte offsets into the exported memory; JS owns the layout.
;;
;; BLIS-style blocking: for each NC-wide column block of B and KC-deep slice of k, B is packed
;; into NR-wide slivers (KC x NR, contiguous per p), then for each MC-tall row block A is packed
;; into MR-tall slivers, and the 4x8 micro-kernel runs over every sliver pair with its 8
;; accumulators (f32x4) in locals. Packing pads edges with zeros; edge tiles are computed into a
;; scratch tile and their valid part copied out. Plain f32x4.mul + f32x4.add: relaxed-simd FMA
;; is not available everywhere.
;;
;; The memory is imported, shared between the worker threads (a copy of the binary without
;; `shared` serves runtimes without SharedArrayBuffer; 16384 pages = 1 GiB at most).
;;
;; Generated into gemm-wasm.generated.ts by gemm-wasm.test.ts; edit this file, then run
;; `pnpm --filter @gradkit/tensor generate:wasm`.
(module
  (import "env" "memory" (memory 1 16384 shared))

  ;; Blocking parameters. MR x NR = 4 x 8 is the micro-kernel's tile.
  (global $MC i32 (i32.const 128))
  (global $KC i32 (i32.const 256))
  (global $NC i32 (i32.const 1024))

  ;; Bytes of scratch the caller reserves at `work`: packed A (MC x KC), packed B (KC x NC),
  ;; one MR x NR edge tile.
  (func (export "workBytes") (result i32)
    (i32.mul
      (i32.add
        (i32.add (i32.mul (global.get $MC) (global.get $KC)) (i32.mul (global.get $KC) (global.get $NC)))
        (i32.const 32))
      (i32.const 4)))

  ;; 4x8 micro-kernel: the tile at c (row stride ldcb bytes) gets (acc ? tile : 0) + the
  ;; product of an A sliver (kc x 4, p-major) and a B sliver (kc x 8, p-major). kc >= 1.
  (func $micro (param $ap i32) (param $bp i32) (param $kc i32) (param $c i32) (param $ldcb i32)
    (param $acc i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128) (local $end i32) (local $row i32)
    (if (local.get $acc)
      (then
        (local.set $row (local.get $c))
        (local.set $c00 (v128.load (local.get $row)))
        (local.set $c01 (v128.load offset=16 (local.get $row)))
        (local.set $row (i32.add (local.get $row) (local.get $ldcb)))
        (local.set $c10 (v128.load (local.get $row)))
        (local.set $c11 (v128.load offset=16 (local.get $row)))
        (local.set $row (i32.add (local.get $row) (local.get $ldcb)))
        (local.set $c20 (v128.load (local.get $row)))
        (local.set $c21 (v128.load offset=16 (local.get $row)))
        (local.set $row (i32.add (local.get $row) (local.get $ldcb)))
        (local.set $c30 (v128.load (local.get $row)))
        (local.set $c31 (v128.load offset=16 (local.get $row)))))
    (local.set $end (i32.add (local.get $bp) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $k
      (local.set $b0 (v128.load (local.get $bp)))
      (local.set $b1 (v128.load offset=16 (local.get $bp)))
      (local.set $a (v128.load32_splat (local.get $ap)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=4 (local.get $ap)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=8 (local.get $ap)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=12 (local.get $ap)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
      (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
      (br_if $k (i32.lt_u (local.get $bp) (local.get $end))))
    (local.set $row (local.get $c))
    (v128.store (local.get $row) (local.get $c00))
    (v128.store offset=16 (local.get $row) (local.get $c01))
    (local.set $row (i32.add (local.get $row) (local.get $ldcb)))
    (v128.store (local.get $row) (local.get $c10))
    (v128.store offset=16 (local.get $row) (local.get $c11))
    (local.set $row (i32.add (local.get $row) (local.get $ldcb)))
    (v128.store (local.get $row) (local.get $c20))
    (v128.store offset=16 (local.get $row) (local.get $c21))
    (local.set $row (i32.add (local.get $row) (local.get $ldcb)))
    (v128.store (local.get $row) (local.get $c30))
    (v128.store offset=16 (local.get $row) (local.get $c31)))

  ;; 2x8 micro-kernel for a block's last one or two rows (`rows`): $micro on rows 0 and 1 of
  ;; the A sliver, storing `rows` rows. Same operations in the same order as $micro, so a row
  ;; gets the same bits whichever of the two computes it.
  (func $micro2 (param $ap i32) (param $bp i32) (param $kc i32) (param $c i32) (param $ldcb i32)
    (param $acc i32) (param $rows i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128) (local $end i32) (local $second i32)
    (local.set $second (i32.add (local.get $c) (local.get $ldcb)))
    (if (local.get $acc)
      (then
        (local.set $c00 (v128.load (local.get $c)))
        (local.set $c01 (v128.load offset=16 (local.get $c)))
        (if (i32.eq (local.get $rows) (i32.const 2))
          (then
            (local.set $c10 (v128.load (local.get $second)))
            (local.set $c11 (v128.load offset=16 (local.get $second)))))))
    (local.set $end (i32.add (local.get $bp) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $k
      (local.set $b0 (v128.load (local.get $bp)))
      (local.set $b1 (v128.load offset=16 (local.get $bp)))
      (local.set $a (v128.load32_splat (local.get $ap)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=4 (local.get $ap)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
      (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
      (br_if $k (i32.lt_u (local.get $bp) (local.get $end))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (if (i32.eq (local.get $rows) (i32.const 2))
      (then
        (v128.store (local.get $second) (local.get $c10))
        (v128.store offset=16 (local.get $second) (local.get $c11)))))

  ;; Stores the transpose of the 4x4 block whose rows are c0..c3: its row r (c0[r] c1[r] c2[r]
  ;; c3[r]) at out + r * stride (bytes). Packing row-major A and column-major B goes through it.
  (func $transpose4 (param $c0 v128) (param $c1 v128) (param $c2 v128) (param $c3 v128)
    (param $out i32) (param $stride i32)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c0) (local.get $c1)))
    (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c0) (local.get $c1)))
    (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c2) (local.get $c3)))
    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c2) (local.get $c3)))
    (v128.store (local.get $out)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
    (local.set $out (i32.add (local.get $out) (local.get $stride)))
    (v128.store (local.get $out)
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
    (local.set $out (i32.add (local.get $out) (local.get $stride)))
    (v128.store (local.get $out)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
    (local.set $out (i32.add (local.get $out) (local.get $stride)))
    (v128.store (local.get $out)
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3))))

  ;; Packs rows [i0, i0 + mc) x columns [p0, p0 + kc) of A into MR-tall slivers at dst:
  ;; sliver s holds A(i0 + 4s + r, p0 + p) at dst + 4 * (4 * (s * kc + p) + r); rows past mc are 0.
  (func $packA (param $a i32) (param $rsa i32) (param $csa i32) (param $i0 i32) (param $p0 i32)
    (param $mc i32) (param $kc i32) (param $dst i32)
    (local $s i32) (local $r i32) (local $p i32) (local $src i32) (local $out i32)
    (local $csab i32) (local $sliver i32) (local $rsab i32)
    (local.set $csab (i32.shl (local.get $csa) (i32.const 2)))
    (local.set $sliver (i32.shl (local.get $kc) (i32.const 4)))
    (local.set $s (i32.const 0))
    (block $slivers_done
      (loop $slivers
        (br_if $slivers_done (i32.ge_u (local.get $s) (local.get $mc)))
        (if (i32.and (i32.eq (local.get $rsa) (i32.const 1))
                     (i32.le_u (i32.add (local.get $s) (i32.const 4)) (local.get $mc)))
          (then
            ;; Transposed A: the 4 rows at each p are contiguous.
            (local.set $src (i32.add (local.get $a)
              (i32.shl (i32.add (i32.add (local.get $i0) (local.get $s))
                                (i32.mul (local.get $p0) (local.get $csa))) (i32.const 2))))
            (local.set $out (local.get $dst))
            (local.set $p (i32.const 0))
            (loop $fast
              (v128.store (local.get $out) (v128.load (local.get $src)))
              (local.set $src (i32.add (local.get $src) (local.get $csab)))
              (local.set $out (i32.add (local.get $out) (i32.const 16)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br_if $fast (i32.lt_u (local.get $p) (local.get $kc)))))
          (else (if (i32.and (i32.eq (local.get $csa) (i32.const 1))
                             (i32.le_u (i32.add (local.get $s) (i32.const 4)) (local.get $mc)))
          (then
            ;; Row-major A: four p at a time from each of the 4 rows, transposed in registers.
            (local.set $src (i32.add (local.get $a)
              (i32.shl (i32.add (i32.mul (i32.add (local.get $i0) (local.get $s)) (local.get $rsa))
                                (local.get $p0)) (i32.const 2))))
            (local.set $rsab (i32.shl (local.get $rsa) (i32.const 2)))
            (local.set $out (local.get $dst))
            (local.set $p (i32.const 0))
            (block $quads_done
              (loop $quads
                (br_if $quads_done (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $kc)))
                (call $transpose4
                  (v128.load (local.get $src))
                  (v128.load (i32.add (local.get $src) (local.get $rsab)))
                  (v128.load (i32.add (local.get $src) (i32.shl (local.get $rsab) (i32.const 1))))
                  (v128.load (i32.add (local.get $src) (i32.mul (local.get $rsab) (i32.const 3))))
                  (local.get $out) (i32.const 16))
                (local.set $src (i32.add (local.get $src) (i32.const 16)))
                (local.set $out (i32.add (local.get $out) (i32.const 64)))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (br $quads)))
            (block $tail_done
              (loop $tail
                (br_if $tail_done (i32.ge_u (local.get $p) (local.get $kc)))
                (f32.store (local.get $out) (f32.load (local.get $src)))
                (f32.store offset=4 (local.get $out)
                  (f32.load (i32.add (local.get $src) (local.get $rsab))))
                (f32.store offset=8 (local.get $out)
                  (f32.load (i32.add (local.get $src) (i32.shl (local.get $rsab) (i32.const 1)))))
                (f32.store offset=12 (local.get $out)
                  (f32.load (i32.add (local.get $src) (i32.mul (local.get $rsab) (i32.const 3)))))
                (local.set $src (i32.add (local.get $src) (i32.const 4)))
                (local.set $out (i32.add (local.get $out) (i32.const 16)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $tail))))
          (else
            (local.set $r (i32.const 0))
            (loop $rows
              (local.set $out (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
              (if (i32.lt_u (i32.add (local.get $s) (local.get $r)) (local.get $mc))
                (then
                  (local.set $src (i32.add (local.get $a)
                    (i32.shl
                      (i32.add
                        (i32.mul (i32.add (i32.add (local.get $i0) (local.get $s)) (local.get $r))
                                 (local.get $rsa))
                        (i32.mul (local.get $p0) (local.get $csa)))
                      (i32.const 2))))
                  (local.set $p (i32.const 0))
                  (loop $cols
                    (f32.store (local.get $out) (f32.load (local.get $src)))
                    (local.set $src (i32.add (local.get $src) (local.get $csab)))
                    (local.set $out (i32.add (local.get $out) (i32.const 16)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br_if $cols (i32.lt_u (local.get $p) (local.get $kc)))))
                (else
                  (local.set $p (i32.const 0))
                  (loop $zeros
                    (f32.store (local.get $out) (f32.const 0))
                    (local.set $out (i32.add (local.get $out) (i32.const 16)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br_if $zeros (i32.lt_u (local.get $p) (local.get $kc))))))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $rows (i32.lt_u (local.get $r) (i32.const 4))))))))
        (local.set $dst (i32.add (local.get $dst) (local.get $sliver)))
        (local.set $s (i32.add (local.get $s) (i32.const 4)))
        (br $slivers))))

  ;; Packs rows [p0, p0 + kc) x columns [j0, j0 + nc) of B into NR-wide slivers at dst:
  ;; sliver s holds B(p0 + p, j0 + 8s + c) at dst + 4 * (8 * (s * kc + p) + c); columns past nc
  ;; are 0.
  (func $packB (param $b i32) (param $rsb i32) (param $csb i32) (param $p0 i32) (param $j0 i32)
    (param $kc i32) (param $nc i32) (param $dst i32)
    (local $s i32) (local $c i32) (local $p i32) (local $src i32) (local $out i32)
    (local $rsbb i32) (local $sliver i32) (local $csbb i32) (local $half i32) (local $src4 i32)
    (local.set $rsbb (i32.shl (local.get $rsb) (i32.const 2)))
    (local.set $sliver (i32.shl (local.get $kc) (i32.const 5)))
    (local.set $s (i32.const 0))
    (block $slivers_done
      (loop $slivers
        (br_if $slivers_done (i32.ge_u (local.get $s) (local.get $nc)))
        (if (i32.and (i32.eq (local.get $csb) (i32.const 1))
                     (i32.le_u (i32.add (local.get $s) (i32.const 8)) (local.get $nc)))
          (then
            ;; Row-major B: the 8 columns at each p are contiguous.
            (local.set $src (i32.add (local.get $b)
              (i32.shl (i32.add (i32.mul (local.get $p0) (local.get $rsb))
                                (i32.add (local.get $j0) (local.get $s))) (i32.const 2))))
            (local.set $out (local.get $dst))
            (local.set $p (i32.const 0))
            (loop $fast
              (v128.store (local.get $out) (v128.load (local.get $src)))
              (v128.store offset=16 (local.get $out) (v128.load offset=16 (local.get $src)))
              (local.set $src (i32.add (local.get $src) (local.get $rsbb)))
              (local.set $out (i32.add (local.get $out) (i32.const 32)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br_if $fast (i32.lt_u (local.get $p) (local.get $kc)))))
          (else (if (i32.and (i32.eq (local.get $rsb) (i32.const 1))
                             (i32.le_u (i32.add (local.get $s) (i32.const 8)) (local.get $nc)))
          (then
            ;; Column-major B (a transposed operand): four p at a time from each of the 8
            ;; columns, transposed in registers.
            (local.set $src (i32.add (local.get $b)
              (i32.shl (i32.add (local.get $p0)
                                (i32.mul (i32.add (local.get $j0) (local.get $s)) (local.get $csb)))
                       (i32.const 2))))
            (local.set $csbb (i32.shl (local.get $csb) (i32.const 2)))
            (local.set $half (i32.shl (local.get $csb) (i32.const 4)))
            (local.set $out (local.get $dst))
            (local.set $p (i32.const 0))
            (block $quads_done
              (loop $quads
                (br_if $quads_done (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $kc)))
                (call $transpose4
                  (v128.load (local.get $src))
                  (v128.load (i32.add (local.get $src) (local.get $csbb)))
                  (v128.load (i32.add (local.get $src) (i32.shl (local.get $csbb) (i32.const 1))))
                  (v128.load (i32.add (local.get $src) (i32.mul (local.get $csbb) (i32.const 3))))
                  (local.get $out) (i32.const 32))
                (local.set $src4 (i32.add (local.get $src) (local.get $half)))
                (call $transpose4
                  (v128.load (local.get $src4))
                  (v128.load (i32.add (local.get $src4) (local.get $csbb)))
                  (v128.load (i32.add (local.get $src4) (i32.shl (local.get $csbb) (i32.const 1))))
                  (v128.load (i32.add (local.get $src4) (i32.mul (local.get $csbb) (i32.const 3))))
                  (i32.add (local.get $out) (i32.const 16)) (i32.const 32))
                (local.set $src (i32.add (local.get $src) (i32.const 16)))
                (local.set $out (i32.add (local.get $out) (i32.const 128)))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (br $quads)))
            (block $tail_done
              (loop $tail
                (br_if $tail_done (i32.ge_u (local.get $p) (local.get $kc)))
                (local.set $c (i32.const 0))
                (local.set $src4 (local.get $src))
                (loop $tail_cols
                  (f32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2)))
                    (f32.load (local.get $src4)))
                  (local.set $src4 (i32.add (local.get $src4) (local.get $csbb)))
                  (local.set $c (i32.add (local.get $c) (i32.const 1)))
                  (br_if $tail_cols (i32.lt_u (local.get $c) (i32.const 8))))
                (local.set $src (i32.add (local.get $src) (i32.const 4)))
                (local.set $out (i32.add (local.get $out) (i32.const 32)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $tail))))
          (else
            (local.set $c (i32.const 0))
            (loop $cols
              (local.set $out (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2))))
              (if (i32.lt_u (i32.add (local.get $s) (local.get $c)) (local.get $nc))
                (then
                  (local.set $src (i32.add (local.get $b)
                    (i32.shl
                      (i32.add
                        (i32.mul (local.get $p0) (local.get $rsb))
                        (i32.mul (i32.add (i32.add (local.get $j0) (local.get $s)) (local.get $c))
                                 (local.get $csb)))
                      (i32.const 2))))
                  (local.set $p (i32.const 0))
                  (loop $rows
                    (f32.store (local.get $out) (f32.load (local.get $src)))
                    (local.set $src (i32.add (local.get $src) (local.get $rsbb)))
                    (local.set $out (i32.add (local.get $out) (i32.const 32)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br_if $rows (i32.lt_u (local.get $p) (local.get $kc)))))
                (else
                  (local.set $p (i32.const 0))
                  (loop $zeros
                    (f32.store (local.get $out) (f32.const 0))
                    (local.set $out (i32.add (local.get $out) (i32.const 32)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br_if $zeros (i32.lt_u (local.get $p) (local.get $kc))))))
              (local.set $c (i32.add (local.get $c) (i32.const 1)))
              (br_if $cols (i32.lt_u (local.get $c) (i32.const 8))))))))
        (local.set $dst (i32.add (local.get $dst) (local.get $sliver)))
        (local.set $s (i32.add (local.get $s) (i32.const 8)))
        (br $slivers))))

  ;; C = A x B (overwrites C). m, n >= 0, k >= 1; work points at workBytes() bytes.
  (func (export "gemm") (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $rsa i32) (param $csa i32)
    (param $b i32) (param $rsb i32) (param $csb i32)
    (param $c i32) (param $ldc i32) (param $work i32)
    (local $pa i32) (local $pb i32) (local $tile i32) (local $ldcb i32)
    (local $jc i32) (local $nc i32) (local $pc i32) (local $kc i32) (local $ic i32) (local $mc i32)
    (local $jr i32) (local $nr i32) (local $ir i32) (local $mr i32) (local $acc i32)
    (local $ctile i32) (local $r i32) (local $q i32) (local $dst i32) (local $val f32)
    (local.set $pa (local.get $work))
    (local.set $pb (i32.add (local.get $pa)
      (i32.shl (i32.mul (global.get $MC) (global.get $KC)) (i32.const 2))))
    (local.set $tile (i32.add (local.get $pb)
      (i32.shl (i32.mul (global.get $KC) (global.get $NC)) (i32.const 2))))
    (local.set $ldcb (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $jc (i32.const 0))
    (block $jc_done
      (loop $jc_loop
        (br_if $jc_done (i32.ge_u (local.get $jc) (local.get $n)))
        (local.set $nc (select (global.get $NC) (i32.sub (local.get $n) (local.get $jc))
          (i32.lt_u (global.get $NC) (i32.sub (local.get $n) (local.get $jc)))))
        (local.set $pc (i32.const 0))
        (block $pc_done
          (loop $pc_loop
            (br_if $pc_done (i32.ge_u (local.get $pc) (local.get $k)))
            (local.set $kc (select (global.get $KC) (i32.sub (local.get $k) (local.get $pc))
              (i32.lt_u (global.get $KC) (i32.sub (local.get $k) (local.get $pc)))))
            (local.set $acc (i32.ne (local.get $pc) (i32.const 0)))
            (call $packB (local.get $b) (local.get $rsb) (local.get $csb) (local.get $pc)
              (local.get $jc) (local.get $kc) (local.get $nc) (local.get $pb))
            (local.set $ic (i32.const 0))
            (block $ic_done
              (loop $ic_loop
                (br_if $ic_done (i32.ge_u (local.get $ic) (local.get $m)))
                (local.set $mc (select (global.get $MC) (i32.sub (local.get $m) (local.get $ic))
                  (i32.lt_u (global.get $MC) (i32.sub (local.get $m) (local.get $ic)))))
                (call $packA (local.get $a) (local.get $rsa) (local.get $csa) (local.get $ic)
                  (local.get $pc) (local.get $mc) (local.get $kc) (local.get $pa))
                (local.set $jr (i32.const 0))
                (loop $jr_loop
                  (local.set $nr (i32.sub (local.get $nc) (local.get $jr)))
                  (local.set $ir (i32.const 0))
                  (loop $ir_loop
                    (local.set $mr (i32.sub (local.get $mc) (local.get $ir)))
                    (local.set $ctile (i32.add (local.get $c)
                      (i32.shl
                        (i32.add (i32.mul (i32.add (local.get $ic) (local.get $ir)) (local.get $ldc))
                                 (i32.add (local.get $jc) (local.get $jr)))
                        (i32.const 2))))
                    (if (i32.and (i32.ge_u (local.get $mr) (i32.const 4))
                                 (i32.ge_u (local.get $nr) (i32.const 8)))
                      (then
                        (call $micro
                          (i32.add (local.get $pa) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2)))
                          (i32.add (local.get $pb) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 2)))
                          (local.get $kc) (local.get $ctile) (local.get $ldcb) (local.get $acc)))
                      (else (if (i32.and (i32.le_u (local.get $mr) (i32.const 2))
                                         (i32.ge_u (local.get $nr) (i32.const 8)))
                      (then
                        (call $micro2
                          (i32.add (local.get $pa) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2)))
                          (i32.add (local.get $pb) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 2)))
                          (local.get $kc) (local.get $ctile) (local.get $ldcb) (local.get $acc) (local.get $mr)))
                      (else
                        ;; Edge tile: compute the whole 4x8 tile, keep its valid part.
                        (call $micro
                          (i32.add (local.get $pa) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2)))
                          (i32.add (local.get $pb) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 2)))
                          (local.get $kc) (local.get $tile) (i32.const 32) (i32.const 0))
                        (if (i32.gt_u (local.get $mr) (i32.const 4)) (then (local.set $mr (i32.const 4))))
                        (if (i32.gt_u (local.get $nr) (i32.const 8)) (then (local.set $nr (i32.const 8))))
                        (local.set $r (i32.const 0))
                        (loop $edge_rows
                          (local.set $q (i32.const 0))
                          (loop $edge_cols
                            (local.set $dst (i32.add
                              (i32.add (local.get $ctile) (i32.mul (local.get $r) (local.get $ldcb)))
                              (i32.shl (local.get $q) (i32.const 2))))
                            (local.set $val (f32.load (i32.add (local.get $tile)
                              (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 3)) (local.get $q))
                                       (i32.const 2)))))
                            (if (local.get $acc)
                              (then (local.set $val (f32.add (local.get $val) (f32.load (local.get $dst))))))
                            (f32.store (local.get $dst) (local.get $val))
                            (local.set $q (i32.add (local.get $q) (i32.const 1)))
                            (br_if $edge_cols (i32.lt_u (local.get $q) (local.get $nr))))
                          (local.set $r (i32.add (local.get $r) (i32.const 1)))
                          (br_if $edge_rows (i32.lt_u (local.get $r) (local.get $mr))))))))
                    (local.set $ir (i32.add (local.get $ir) (i32.const 4)))
                    (br_if $ir_loop (i32.lt_u (local.get $ir) (local.get $mc))))
                  (local.set $jr (i32.add (local.get $jr) (i32.const 8)))
                  (br_if $jr_loop (i32.lt_u (local.get $jr) (local.get $nc))))
                (local.set $ic (i32.add (local.get $ic) (global.get $MC)))
                (br $ic_loop)))
            (local.set $pc (i32.add (local.get $pc) (global.get $KC)))
            (br $pc_loop)))
        (local.set $jc (i32.add (local.get $jc) (global.get $NC)))
        (br $jc_loop))))

  ;; ---- Dot form: C[m, n] (+)= A[m, k] x B[n, k]^T, both operands rows along k. ----
  ;; For long k and few rows and columns (a convolution's filter gradient: k is the output
  ;; positions) it reads both operands where they are, with no packing: blocks of dot
  ;; products over four lanes, each then summed across its lanes ((0 + 1) + (2 + 3)).

  ;; The sum of a vector's lanes, then of a[p] * b[p] for the k mod 4 trailing p (bytes at
  ;; `a` and `b` from `from` to `end`).
  (func $lanes (param $v v128) (param $a i32) (param $b i32) (param $from i32) (param $end i32)
    (result f32)
    (local $sum f32)
    (local.set $sum (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $from) (local.get $end)))
        (local.set $sum (f32.add (local.get $sum)
          (f32.mul (f32.load (i32.add (local.get $a) (local.get $from)))
                   (f32.load (i32.add (local.get $b) (local.get $from))))))
        (local.set $from (i32.add (local.get $from) (i32.const 4)))
        (br $tail)))
    (local.get $sum))

  ;; Stores `value` at c, added to what is there when `acc`.
  (func $put (param $c i32) (param $value f32) (param $acc i32)
    (f32.store (local.get $c) (select (f32.add (f32.load (local.get $c)) (local.get $value))
      (local.get $value) (local.get $acc))))

  ;; One row `a` against the rows b, b + ldb, b + 2 ldb (bytes; `count` of them, 1 to 3), the
  ;; results at c, c + step, c + 2 step. kb = bytes of k.
  (func $dotRow (param $a i32) (param $b i32) (param $ldb i32) (param $count i32) (param $kb i32)
    (param $c i32) (param $step i32) (param $acc i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $x v128) (local $o i32)
    (local $vb i32) (local $b1 i32) (local $b2 i32)
    (local.set $vb (i32.and (local.get $kb) (i32.const -16)))
    ;; Missing rows read row 0 again; their sums are not stored.
    (local.set $b1 (select (i32.add (local.get $b) (local.get $ldb)) (local.get $b)
      (i32.gt_u (local.get $count) (i32.const 1))))
    (local.set $b2 (select (i32.add (local.get $b1) (local.get $ldb)) (local.get $b)
      (i32.gt_u (local.get $count) (i32.const 2))))
    (block $done
      (loop $k
        (br_if $done (i32.ge_u (local.get $o) (local.get $vb)))
        (local.set $x (v128.load (i32.add (local.get $a) (local.get $o))))
        (local.set $s0 (f32x4.add (local.get $s0)
          (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $b) (local.get $o))))))
        (local.set $s1 (f32x4.add (local.get $s1)
          (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $b1) (local.get $o))))))
        (local.set $s2 (f32x4.add (local.get $s2)
          (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $b2) (local.get $o))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $k)))
    (call $put (local.get $c)
      (call $lanes (local.get $s0) (local.get $a) (local.get $b) (local.get $vb) (local.get $kb))
      (local.get $acc))
    (if (i32.gt_u (local.get $count) (i32.const 1))
      (then (call $put (i32.add (local.get $c) (local.get $step))
        (call $lanes (local.get $s1) (local.get $a) (local.get $b1) (local.get $vb) (local.get $kb))
        (local.get $acc))))
    (if (i32.gt_u (local.get $count) (i32.const 2))
      (then (call $put (i32.add (local.get $c) (i32.shl (local.get $step) (i32.const 1)))
        (call $lanes (local.get $s2) (local.get $a) (local.get $b2) (local.get $vb) (local.get $kb))
        (local.get $acc)))))

  ;; Rows a, a + lda, a + 2 lda against rows b, b + ldb, b + 2 ldb: nine dot products, six
  ;; loads per nine multiply-adds.
  (func $dot3x3 (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32) (param $kb i32)
    (param $c i32) (param $ldc i32) (param $acc i32)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s10 v128) (local $s11 v128)
    (local $s12 v128) (local $s20 v128) (local $s21 v128) (local $s22 v128)
    (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $x v128)
    (local $o i32) (local $vb i32) (local $a1 i32) (local $a2 i32) (local $b1 i32) (local $b2 i32)
    (local.set $vb (i32.and (local.get $kb) (i32.const -16)))
    (local.set $a1 (i32.add (local.get $a) (local.get $lda)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $lda)))
    (local.set $b1 (i32.add (local.get $b) (local.get $ldb)))
    (local.set $b2 (i32.add (local.get $b1) (local.get $ldb)))
    (block $done
      (loop $k
        (br_if $done (i32.ge_u (local.get $o) (local.get $vb)))
        (local.set $y0 (v128.load (i32.add (local.get $b) (local.get $o))))
        (local.set $y1 (v128.load (i32.add (local.get $b1) (local.get $o))))
        (local.set $y2 (v128.load (i32.add (local.get $b2) (local.get $o))))
        (local.set $x (v128.load (i32.add (local.get $a) (local.get $o))))
        (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x) (local.get $y0))))
        (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x) (local.get $y1))))
        (local.set $s02 (f32x4.add (local.get $s02) (f32x4.mul (local.get $x) (local.get $y2))))
        (local.set $x (v128.load (i32.add (local.get $a1) (local.get $o))))
        (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x) (local.get $y0))))
        (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x) (local.get $y1))))
        (local.set $s12 (f32x4.add (local.get $s12) (f32x4.mul (local.get $x) (local.get $y2))))
        (local.set $x (v128.load (i32.add (local.get $a2) (local.get $o))))
        (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $x) (local.get $y0))))
        (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $x) (local.get $y1))))
        (local.set $s22 (f32x4.add (local.get $s22) (f32x4.mul (local.get $x) (local.get $y2))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $k)))
    (call $put (local.get $c)
      (call $lanes (local.get $s00) (local.get $a) (local.get $b) (local.get $vb) (local.get $kb)) (local.get $acc))
    (call $put (i32.add (local.get $c) (i32.const 4))
      (call $lanes (local.get $s01) (local.get $a) (local.get $b1) (local.get $vb) (local.get $kb)) (local.get $acc))
    (call $put (i32.add (local.get $c) (i32.const 8))
      (call $lanes (local.get $s02) (local.get $a) (local.get $b2) (local.get $vb) (local.get $kb)) (local.get $acc))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (call $put (local.get $c)
      (call $lanes (local.get $s10) (local.get $a1) (local.get $b) (local.get $vb) (local.get $kb)) (local.get $acc))
    (call $put (i32.add (local.get $c) (i32.const 4))
      (call $lanes (local.get $s11) (local.get $a1) (local.get $b1) (local.get $vb) (local.get $kb)) (local.get $acc))
    (call $put (i32.add (local.get $c) (i32.const 8))
      (call $lanes (local.get $s12) (local.get $a1) (local.get $b2) (local.get $vb) (local.get $kb)) (local.get $acc))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (call $put (local.get $c)
      (call $lanes (local.get $s20) (local.get $a2) (local.get $b) (local.get $vb) (local.get $kb)) (local.get $acc))
    (call $put (i32.add (local.get $c) (i32.const 4))
      (call $lanes (local.get $s21) (local.get $a2) (local.get $b1) (local.get $vb) (local.get $kb)) (local.get $acc))
    (call $put (i32.add (local.get $c) (i32.const 8))
      (call $lanes (local.get $s22) (local.get $a2) (local.get $b2) (local.get $vb) (local.get $kb)) (local.get $acc)))

  ;; C[m, n] = A[m, k] x B[n, k]^T, added to C when `acc`. Row strides lda, ldb, ldc are
  ;; elements; m, n, k >= 1. Each result is its own dot product, the same on any thread.
  (func (export "gemmDot") (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32)
    (param $c i32) (param $ldc i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $r i32) (local $kb i32) (local $rows i32) (local $cols i32)
    (local.set $kb (i32.shl (local.get $k) (i32.const 2)))
    (local.set $lda (i32.shl (local.get $lda) (i32.const 2)))
    (local.set $ldb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (loop $i_loop
      (local.set $rows (i32.sub (local.get $m) (local.get $i)))
      (local.set $j (i32.const 0))
      (loop $j_loop
        (local.set $cols (i32.sub (local.get $n) (local.get $j)))
        (if (i32.and (i32.ge_u (local.get $rows) (i32.const 3)) (i32.ge_u (local.get $cols) (i32.const 3)))
          (then
            (call $dot3x3
              (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))) (local.get $lda)
              (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb))) (local.get $ldb)
              (local.get $kb)
              (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
                       (i32.shl (local.get $j) (i32.const 2)))
              (local.get $ldc) (local.get $acc))
            (local.set $j (i32.add (local.get $j) (i32.const 3))))
          (else (if (i32.lt_u (local.get $rows) (i32.const 3))
            (then
              ;; Last rows (one or two): each against up to three B rows.
              (local.set $cols (select (i32.const 3) (local.get $cols)
                (i32.gt_u (local.get $cols) (i32.const 3))))
              (local.set $r (local.get $i))
              (loop $r_loop
                (call $dotRow
                  (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $lda)))
                  (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb))) (local.get $ldb)
                  (local.get $cols) (local.get $kb)
                  (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc)))
                           (i32.shl (local.get $j) (i32.const 2)))
                  (i32.const 4) (local.get $acc))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br_if $r_loop (i32.lt_u (local.get $r) (local.get $m))))
              (local.set $j (i32.add (local.get $j) (local.get $cols))))
            (else
              ;; Last columns: each B row against three A rows (results down a column).
              (call $dotRow
                (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb)))
                (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))) (local.get $lda)
                (i32.const 3) (local.get $kb)
                (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
                         (i32.shl (local.get $j) (i32.const 2)))
                (local.get $ldc) (local.get $acc))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))))))
        (br_if $j_loop (i32.lt_u (local.get $j) (local.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 3)))
      (br_if $i_loop (i32.lt_u (local.get $i) (local.get $m)))))
)
