;; Float32 convolution and pooling kernels for @gradkit/tensor's CPU backend, next to the GEMM
;; (gemm.wat): both modules import one (shared) memory and this one calls the GEMM, so a
;; convolution copies its operands into linear memory once and runs im2col, the products and
;; col2im there. Each kernel works on a range of images or planes: worker threads each take one.
;;
;; Layouts are NCHW planes, row-major, float32; every pointer is a byte offset into the shared
;; memory and every count is in elements. JS owns the layout.
;;
;; Generated into kernels-wasm.generated.ts by gemm-wasm.test.ts; edit this file, then run
;; `pnpm --filter @gradkit/tensor generate:wasm`.
(module
  (import "env" "memory" (memory 1 16384 shared))
  (import "gemm" "gemm" (func $gemm (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "gemm" "gemmDot" (func $gemmDot (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))

  ;; A convolution's description, written by JS at $params (i32 fields, byte offsets):
  ;;   0 x (the input; dx for the input gradient)   4 w (the filter)   8 y (the output; dy for
  ;;   the gradients)   12 inChannels   16 outChannels   20 groups   24 groupIn   28 groupOut
  ;;   32 field (groupIn * kh * kw)   36 positions (oh * ow)   40 h   44 w   48 kh   52 kw
  ;;   56 oh   60 ow   64 sh   68 sw   72 pt   76 pl   80 dh   84 dw

  ;; First output column whose input column ow * stride - offset lies at or after 0, where
  ;; offset = padLeft - kw * dilation.
  (func $firstInside (param $offset i32) (param $stride i32) (result i32)
    (if (result i32) (i32.le_s (local.get $offset) (i32.const 0))
      (then (i32.const 0))
      (else (i32.div_u (i32.add (local.get $offset) (i32.sub (local.get $stride) (i32.const 1)))
                       (local.get $stride)))))

  ;; One past the last output column (at most $count) whose input column lies before $width.
  (func $endInside (param $offset i32) (param $stride i32) (param $width i32) (param $count i32)
    (result i32)
    (local $last i32) (local $end i32)
    (local.set $last (i32.add (i32.sub (local.get $width) (i32.const 1)) (local.get $offset)))
    (if (i32.lt_s (local.get $last) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $end (i32.add (i32.div_u (local.get $last) (local.get $stride)) (i32.const 1)))
    (select (local.get $end) (local.get $count) (i32.lt_u (local.get $end) (local.get $count))))

  ;; memory.fill with 0, by hand for short runs: a call into the runtime costs more than the run.
  (func $zero (param $dst i32) (param $bytes i32)
    (local $end i32)
    (if (i32.gt_u (local.get $bytes) (i32.const 256))
      (then (memory.fill (local.get $dst) (i32.const 0) (local.get $bytes)) (return)))
    (local.set $end (i32.add (local.get $dst) (local.get $bytes)))
    (block $done
      (loop $scalars
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.const 0))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $scalars))))

;; im2col where every tap lies inside the image at stride 1 without dilation (valid
  ;; convolutions, LeNet's) and ow >= 4: patch row (c, i, j) at y holds x[c, y + i, j .. j + ow).
  ;; Loops run over (c, i, y) with j innermost, so one input row segment feeds kw patch rows.
  (func $im2colInside (param $x i32) (param $dst i32) (param $channels i32) (param $ld i32)
    (param $h i32) (param $w i32) (param $kh i32) (param $kw i32) (param $oh i32) (param $ow i32)
    (local $i i32) (local $y i32) (local $j i32) (local $plane i32) (local $row i32)
    (local $src i32) (local $out i32) (local $from i32) (local $to i32) (local $left i32)
    (local $ldb i32) (local $wb i32) (local $owb i32) (local $tail i32)
    (local.set $ldb (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $wb (i32.shl (local.get $w) (i32.const 2)))
    (local.set $owb (i32.shl (local.get $ow) (i32.const 2)))
    (local.set $tail (i32.sub (local.get $owb) (i32.const 16)))
    (local.set $plane (local.get $x))
    (local.set $row (local.get $dst))
    (loop $channels_loop
      (local.set $i (local.get $kh))
      (loop $i_loop
        ;; Input row i of the plane; patch rows (c, i, 0..kw) at column 0.
        (local.set $src (i32.add (local.get $plane) (i32.mul (i32.sub (local.get $kh) (local.get $i)) (local.get $wb))))
        (local.set $out (local.get $row))
        (local.set $y (local.get $oh))
        (loop $y_loop
          (local.set $j (i32.const 0))
          (local.set $to (local.get $out))
          (loop $j_loop
            (local.set $from (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2))))
            ;; Whole vectors, the last one overlapping the one before.
            (v128.store (i32.add (local.get $to) (local.get $tail))
              (v128.load (i32.add (local.get $from) (local.get $tail))))
            (local.set $left (i32.const 0))
            (loop $vectors
              (v128.store (i32.add (local.get $to) (local.get $left))
                (v128.load (i32.add (local.get $from) (local.get $left))))
              (local.set $left (i32.add (local.get $left) (i32.const 16)))
              (br_if $vectors (i32.lt_s (local.get $left) (local.get $tail))))
            (local.set $to (i32.add (local.get $to) (local.get $ldb)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br_if $j_loop (i32.lt_u (local.get $j) (local.get $kw))))
          (local.set $src (i32.add (local.get $src) (local.get $wb)))
          (local.set $out (i32.add (local.get $out) (local.get $owb)))
          (local.set $y (i32.sub (local.get $y) (i32.const 1)))
          (br_if $y_loop (local.get $y)))
        (local.set $row (i32.add (local.get $row) (i32.mul (local.get $kw) (local.get $ldb))))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br_if $i_loop (local.get $i)))
      (local.set $plane (i32.add (local.get $plane) (i32.mul (local.get $h) (local.get $wb))))
      (local.set $channels (i32.sub (local.get $channels) (i32.const 1)))
      (br_if $channels_loop (local.get $channels))))

  ;; Patches of one image's groupIn planes (x: [groupIn, h, w]) as a [field, positions] matrix
  ;; at dst: row (c, i, j) holds x[c, y * sh - pt + i * dh, q * sw - pl + j * dw] at
  ;; column y * ow + q, 0 outside the image.
  (func $im2col (param $params i32) (param $x i32) (param $dst i32)
    (local $ld i32) (local $channels i32) (local $h i32) (local $w i32) (local $kh i32)
    (local $kw i32) (local $oh i32) (local $ow i32) (local $sh i32) (local $sw i32) (local $pt i32)
    (local $pl i32) (local $dh i32) (local $dw i32)
    (local $c i32) (local $i i32) (local $j i32) (local $y i32) (local $q i32) (local $row i32)
    (local $out i32) (local $ih i32) (local $offset i32) (local $lo i32) (local $hi i32)
    (local $src i32) (local $plane i32) (local $swb i32) (local $owb i32)
    (local $to i32) (local $last i32)
    (local.set $channels (i32.load offset=24 (local.get $params)))
    (local.set $ld (i32.load offset=36 (local.get $params)))
    (local.set $h (i32.load offset=40 (local.get $params)))
    (local.set $w (i32.load offset=44 (local.get $params)))
    (local.set $kh (i32.load offset=48 (local.get $params)))
    (local.set $kw (i32.load offset=52 (local.get $params)))
    (local.set $oh (i32.load offset=56 (local.get $params)))
    (local.set $ow (i32.load offset=60 (local.get $params)))
    (local.set $sh (i32.load offset=64 (local.get $params)))
    (local.set $sw (i32.load offset=68 (local.get $params)))
    (local.set $pt (i32.load offset=72 (local.get $params)))
    (local.set $pl (i32.load offset=76 (local.get $params)))
    (local.set $dh (i32.load offset=80 (local.get $params)))
    (local.set $dw (i32.load offset=84 (local.get $params)))
    (local.set $swb (i32.shl (local.get $sw) (i32.const 2)))
    (local.set $owb (i32.shl (local.get $ow) (i32.const 2)))
    ;; Stride 1, no dilation, every tap inside the image (no padding reaches the output), rows
    ;; of at least one vector: each input row segment feeds kw patch rows, copied unchecked.
    (if (i32.and
          (i32.and
            (i32.and (i32.and (i32.eq (local.get $sh) (i32.const 1)) (i32.eq (local.get $sw) (i32.const 1)))
                     (i32.and (i32.eq (local.get $dh) (i32.const 1)) (i32.eq (local.get $dw) (i32.const 1))))
            (i32.and (i32.and (i32.eqz (local.get $pt)) (i32.eqz (local.get $pl)))
                     (i32.ge_u (local.get $ow) (i32.const 4))))
          (i32.and
            (i32.le_u (i32.sub (i32.add (local.get $oh) (local.get $kh)) (i32.const 1)) (local.get $h))
            (i32.le_u (i32.sub (i32.add (local.get $ow) (local.get $kw)) (i32.const 1)) (local.get $w))))
      (then
        (call $im2colInside (local.get $x) (local.get $dst) (local.get $channels) (local.get $ld)
          (local.get $h) (local.get $w) (local.get $kh) (local.get $kw) (local.get $oh) (local.get $ow))
        (return)))
    (local.set $row (local.get $dst))
    (local.set $plane (local.get $x))
    (local.set $c (i32.const 0))
    (loop $channels_loop
      (local.set $i (i32.const 0))
      (loop $i_loop
        (local.set $j (i32.const 0))
        (loop $j_loop
          (local.set $offset (i32.sub (local.get $pl) (i32.mul (local.get $j) (local.get $dw))))
          (local.set $lo (call $firstInside (local.get $offset) (local.get $sw)))
          (local.set $hi (call $endInside (local.get $offset) (local.get $sw) (local.get $w)
            (local.get $ow)))
          (if (i32.lt_u (local.get $hi) (local.get $lo)) (then (local.set $hi (local.get $lo))))
          (if (i32.gt_u (local.get $lo) (local.get $ow)) (then
            (local.set $lo (local.get $ow)) (local.set $hi (local.get $ow))))
          (local.set $out (local.get $row))
          (local.set $y (i32.const 0))
          (loop $y_loop
            (local.set $ih (i32.add (i32.sub (i32.mul (local.get $y) (local.get $sh)) (local.get $pt))
              (i32.mul (local.get $i) (local.get $dh))))
            (if (i32.or (i32.lt_s (local.get $ih) (i32.const 0)) (i32.ge_s (local.get $ih) (local.get $h)))
              (then (call $zero (local.get $out) (local.get $owb)))
              (else
                ;; Unpadded convolutions have no zeros to write: skip the calls.
                (if (local.get $lo) (then
                  (call $zero (local.get $out) (i32.shl (local.get $lo) (i32.const 2)))))
                (if (i32.lt_u (local.get $hi) (local.get $ow)) (then
                  (call $zero (i32.add (local.get $out) (i32.shl (local.get $hi) (i32.const 2)))
                    (i32.shl (i32.sub (local.get $ow) (local.get $hi)) (i32.const 2)))))
                (local.set $src (i32.add (local.get $plane) (i32.shl
                  (i32.sub (i32.add (i32.mul (local.get $ih) (local.get $w))
                                    (i32.mul (local.get $lo) (local.get $sw)))
                           (local.get $offset))
                  (i32.const 2))))
                (if (i32.eq (local.get $sw) (i32.const 1))
                  (then
                    ;; An empty run's source address may lie outside memory: copy nothing then.
                    (if (i32.lt_u (local.get $lo) (local.get $hi)) (then
                      ;; Whole vectors, the last one overlapping the one before; scalars only
                      ;; for runs under four floats. Inline: the runs are short and many.
                      (local.set $to (i32.add (local.get $out) (i32.shl (local.get $lo) (i32.const 2))))
                      (local.set $last (i32.shl (i32.sub (local.get $hi) (local.get $lo)) (i32.const 2)))
                      (if (i32.lt_u (local.get $last) (i32.const 16))
                        (then
                          (loop $scalars
                            (f32.store (local.get $to) (f32.load (local.get $src)))
                            (local.set $to (i32.add (local.get $to) (i32.const 4)))
                            (local.set $src (i32.add (local.get $src) (i32.const 4)))
                            (local.set $last (i32.sub (local.get $last) (i32.const 4)))
                            (br_if $scalars (local.get $last))))
                        (else
                          (local.set $last (i32.sub (local.get $last) (i32.const 16)))
                          (v128.store (i32.add (local.get $to) (local.get $last))
                            (v128.load (i32.add (local.get $src) (local.get $last))))
                          (block $vectors_done
                            (loop $vectors
                              (br_if $vectors_done (i32.le_s (local.get $last) (i32.const 0)))
                              (v128.store (local.get $to) (v128.load (local.get $src)))
                              (local.set $to (i32.add (local.get $to) (i32.const 16)))
                              (local.set $src (i32.add (local.get $src) (i32.const 16)))
                              (local.set $last (i32.sub (local.get $last) (i32.const 16)))
                              (br $vectors))))))))
                  (else
                    (local.set $q (local.get $lo))
                    (block $strided_done
                      (loop $strided
                        (br_if $strided_done (i32.ge_u (local.get $q) (local.get $hi)))
                        (f32.store (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 2)))
                          (f32.load (local.get $src)))
                        (local.set $src (i32.add (local.get $src) (local.get $swb)))
                        (local.set $q (i32.add (local.get $q) (i32.const 1)))
                        (br $strided)))))))
            (local.set $out (i32.add (local.get $out) (local.get $owb)))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br_if $y_loop (i32.lt_u (local.get $y) (local.get $oh))))
          (local.set $row (i32.add (local.get $row) (i32.shl (local.get $ld) (i32.const 2))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $j_loop (i32.lt_u (local.get $j) (local.get $kw))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $i_loop (i32.lt_u (local.get $i) (local.get $kh))))
      (local.set $plane (i32.add (local.get $plane)
        (i32.shl (i32.mul (local.get $h) (local.get $w)) (i32.const 2))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $channels_loop (i32.lt_u (local.get $c) (local.get $channels)))))

  ;; dst[i] += src[i] for n elements, four at a time.
  (func $addInto (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $vector_done
      (loop $vector
        (br_if $vector_done (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $dst)
          (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $vector)))
    (block $scalar_done
      (loop $scalar
        (br_if $scalar_done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $scalar))))

  (func (export "addInto") (param $dst i32) (param $src i32) (param $n i32)
    (call $addInto (local.get $dst) (local.get $src) (local.get $n)))

  ;; The adjoint of im2col: every entry of `col` ([field, positions]) is added to the input
  ;; pixel it was read from in dx ([groupIn, h, w]); padding taps vanish.
  (func $col2im (param $params i32) (param $col i32) (param $dx i32)
    (local $ld i32) (local $channels i32) (local $h i32) (local $w i32) (local $kh i32)
    (local $kw i32) (local $oh i32) (local $ow i32) (local $sh i32) (local $sw i32) (local $pt i32)
    (local $pl i32) (local $dh i32) (local $dw i32)
    (local $c i32) (local $i i32) (local $j i32) (local $y i32) (local $q i32) (local $row i32)
    (local $in i32) (local $ih i32) (local $offset i32) (local $lo i32) (local $hi i32)
    (local $dst i32) (local $plane i32) (local $swb i32) (local $owb i32)
    (local $from i32) (local $end i32)
    (local.set $channels (i32.load offset=24 (local.get $params)))
    (local.set $ld (i32.load offset=36 (local.get $params)))
    (local.set $h (i32.load offset=40 (local.get $params)))
    (local.set $w (i32.load offset=44 (local.get $params)))
    (local.set $kh (i32.load offset=48 (local.get $params)))
    (local.set $kw (i32.load offset=52 (local.get $params)))
    (local.set $oh (i32.load offset=56 (local.get $params)))
    (local.set $ow (i32.load offset=60 (local.get $params)))
    (local.set $sh (i32.load offset=64 (local.get $params)))
    (local.set $sw (i32.load offset=68 (local.get $params)))
    (local.set $pt (i32.load offset=72 (local.get $params)))
    (local.set $pl (i32.load offset=76 (local.get $params)))
    (local.set $dh (i32.load offset=80 (local.get $params)))
    (local.set $dw (i32.load offset=84 (local.get $params)))
    (local.set $swb (i32.shl (local.get $sw) (i32.const 2)))
    (local.set $owb (i32.shl (local.get $ow) (i32.const 2)))
    (local.set $row (local.get $col))
    (local.set $plane (local.get $dx))
    (local.set $c (i32.const 0))
    (loop $channels_loop
      (local.set $i (i32.const 0))
      (loop $i_loop
        (local.set $j (i32.const 0))
        (loop $j_loop
          (local.set $offset (i32.sub (local.get $pl) (i32.mul (local.get $j) (local.get $dw))))
          (local.set $lo (call $firstInside (local.get $offset) (local.get $sw)))
          (local.set $hi (call $endInside (local.get $offset) (local.get $sw) (local.get $w)
            (local.get $ow)))
          (local.set $in (local.get $row))
          (local.set $y (i32.const 0))
          (loop $y_loop
            (local.set $ih (i32.add (i32.sub (i32.mul (local.get $y) (local.get $sh)) (local.get $pt))
              (i32.mul (local.get $i) (local.get $dh))))
            (if (i32.and (i32.and (i32.ge_s (local.get $ih) (i32.const 0))
                                  (i32.lt_s (local.get $ih) (local.get $h)))
                         (i32.lt_u (local.get $lo) (local.get $hi)))
              (then
                (local.set $dst (i32.add (local.get $plane) (i32.shl
                  (i32.sub (i32.add (i32.mul (local.get $ih) (local.get $w))
                                    (i32.mul (local.get $lo) (local.get $sw)))
                           (local.get $offset))
                  (i32.const 2))))
                (if (i32.eq (local.get $sw) (i32.const 1))
                  (then
                    ;; Inline: the runs are short and many.
                    (local.set $from (i32.add (local.get $in) (i32.shl (local.get $lo) (i32.const 2))))
                    (local.set $end (i32.add (local.get $dst)
                      (i32.shl (i32.sub (local.get $hi) (local.get $lo)) (i32.const 2))))
                    (block $vectors_done
                      (loop $vectors
                        (br_if $vectors_done
                          (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
                        (v128.store (local.get $dst)
                          (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $from))))
                        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                        (local.set $from (i32.add (local.get $from) (i32.const 16)))
                        (br $vectors)))
                    (block $scalars_done
                      (loop $scalars
                        (br_if $scalars_done (i32.ge_u (local.get $dst) (local.get $end)))
                        (f32.store (local.get $dst)
                          (f32.add (f32.load (local.get $dst)) (f32.load (local.get $from))))
                        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                        (local.set $from (i32.add (local.get $from) (i32.const 4)))
                        (br $scalars))))
                  (else
                    (local.set $q (local.get $lo))
                    (loop $strided
                      (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst))
                        (f32.load (i32.add (local.get $in) (i32.shl (local.get $q) (i32.const 2))))))
                      (local.set $dst (i32.add (local.get $dst) (local.get $swb)))
                      (local.set $q (i32.add (local.get $q) (i32.const 1)))
                      (br_if $strided (i32.lt_u (local.get $q) (local.get $hi))))))))
            (local.set $in (i32.add (local.get $in) (local.get $owb)))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br_if $y_loop (i32.lt_u (local.get $y) (local.get $oh))))
          (local.set $row (i32.add (local.get $row) (i32.shl (local.get $ld) (i32.const 2))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $j_loop (i32.lt_u (local.get $j) (local.get $kw))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $i_loop (i32.lt_u (local.get $i) (local.get $kh))))
      (local.set $plane (i32.add (local.get $plane)
        (i32.shl (i32.mul (local.get $h) (local.get $w)) (i32.const 2))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $channels_loop (i32.lt_u (local.get $c) (local.get $channels)))))

  ;; Byte offset of image b's first channel of `group` in an NCHW tensor of `channels` channels,
  ;; `perGroup` channels per group and `plane` elements per channel.
  (func $imageOffset (param $b i32) (param $group i32) (param $channels i32) (param $perGroup i32)
    (param $plane i32) (result i32)
    (i32.shl
      (i32.mul (i32.add (i32.mul (local.get $b) (local.get $channels))
                        (i32.mul (local.get $group) (local.get $perGroup)))
               (local.get $plane))
      (i32.const 2)))

  ;; y[b] = conv2d(x[b], w) for images [b0, b1). `work` is the GEMM's scratch, `patches` room
  ;; for field * positions floats; each thread passes its own.
  (func (export "convForward") (param $params i32) (param $b0 i32) (param $b1 i32)
    (param $work i32) (param $patches i32)
    (local $group i32) (local $b i32) (local $groupOut i32) (local $field i32) (local $positions i32)
    (local $plane i32)
    (local.set $groupOut (i32.load offset=28 (local.get $params)))
    (local.set $field (i32.load offset=32 (local.get $params)))
    (local.set $positions (i32.load offset=36 (local.get $params)))
    (local.set $plane (i32.mul (i32.load offset=40 (local.get $params))
                               (i32.load offset=44 (local.get $params))))
    (local.set $group (i32.const 0))
    (loop $groups
      (local.set $b (local.get $b0))
      (loop $images
        (call $im2col (local.get $params)
          (i32.add (i32.load (local.get $params))
            (call $imageOffset (local.get $b) (local.get $group)
              (i32.load offset=12 (local.get $params)) (i32.load offset=24 (local.get $params))
              (local.get $plane)))
          (local.get $patches))
        ;; y[b, group] [groupOut, positions] = w[group] [groupOut, field] x patches
        (call $gemm (local.get $groupOut) (local.get $positions) (local.get $field)
          (i32.add (i32.load offset=4 (local.get $params))
            (i32.shl (i32.mul (i32.mul (local.get $group) (local.get $groupOut)) (local.get $field))
                     (i32.const 2)))
          (local.get $field) (i32.const 1)
          (local.get $patches) (local.get $positions) (i32.const 1)
          (i32.add (i32.load offset=8 (local.get $params))
            (call $imageOffset (local.get $b) (local.get $group)
              (i32.load offset=16 (local.get $params)) (local.get $groupOut) (local.get $positions)))
          (local.get $positions) (local.get $work))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br_if $images (i32.lt_u (local.get $b) (local.get $b1))))
      (local.set $group (i32.add (local.get $group) (i32.const 1)))
      (br_if $groups (i32.lt_u (local.get $group) (i32.load offset=20 (local.get $params))))))

  ;; dx[b] += the input gradient from dy[b] for images [b0, b1); dx starts zeroed. `columns`
  ;; has room for field * positions floats.
  (func (export "convBackpropInput") (param $params i32) (param $b0 i32) (param $b1 i32)
    (param $work i32) (param $columns i32)
    (local $group i32) (local $b i32) (local $groupOut i32) (local $field i32) (local $positions i32)
    (local $plane i32)
    (local.set $groupOut (i32.load offset=28 (local.get $params)))
    (local.set $field (i32.load offset=32 (local.get $params)))
    (local.set $positions (i32.load offset=36 (local.get $params)))
    (local.set $plane (i32.mul (i32.load offset=40 (local.get $params))
                               (i32.load offset=44 (local.get $params))))
    (local.set $group (i32.const 0))
    (loop $groups
      (local.set $b (local.get $b0))
      (loop $images
        ;; columns [field, positions] = w[group]^T [field, groupOut] x dy[b, group]
        (call $gemm (local.get $field) (local.get $positions) (local.get $groupOut)
          (i32.add (i32.load offset=4 (local.get $params))
            (i32.shl (i32.mul (i32.mul (local.get $group) (local.get $groupOut)) (local.get $field))
                     (i32.const 2)))
          (i32.const 1) (local.get $field)
          (i32.add (i32.load offset=8 (local.get $params))
            (call $imageOffset (local.get $b) (local.get $group)
              (i32.load offset=16 (local.get $params)) (local.get $groupOut) (local.get $positions)))
          (local.get $positions) (i32.const 1)
          (local.get $columns) (local.get $positions) (local.get $work))
        (call $col2im (local.get $params) (local.get $columns)
          (i32.add (i32.load (local.get $params))
            (call $imageOffset (local.get $b) (local.get $group)
              (i32.load offset=12 (local.get $params)) (i32.load offset=24 (local.get $params))
              (local.get $plane))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br_if $images (i32.lt_u (local.get $b) (local.get $b1))))
      (local.set $group (i32.add (local.get $group) (i32.const 1)))
      (br_if $groups (i32.lt_u (local.get $group) (i32.load offset=20 (local.get $params))))))

  ;; dw = sum over images [b0, b1) of the filter gradient, into dw ([outChannels, field]),
  ;; summed image by image in order. `patches` has room for field * positions floats, then
  ;; (16-byte aligned) groupOut * field more. Over many positions (long dot products) the
  ;; products are dot products read in place; over few, the packed GEMM is faster.
  (func (export "convBackpropFilter") (param $params i32) (param $b0 i32) (param $b1 i32)
    (param $work i32) (param $patches i32) (param $dw i32)
    (local $group i32) (local $b i32) (local $groupOut i32) (local $field i32) (local $positions i32)
    (local $plane i32) (local $partial i32) (local $dwGroup i32) (local $dy i32)
    (local.set $groupOut (i32.load offset=28 (local.get $params)))
    (local.set $field (i32.load offset=32 (local.get $params)))
    (local.set $positions (i32.load offset=36 (local.get $params)))
    (local.set $plane (i32.mul (i32.load offset=40 (local.get $params))
                               (i32.load offset=44 (local.get $params))))
    (local.set $partial (i32.add (local.get $patches)
      (i32.and (i32.add (i32.shl (i32.mul (local.get $field) (local.get $positions)) (i32.const 2))
                        (i32.const 15))
               (i32.const -16))))
    (local.set $group (i32.const 0))
    (loop $groups
      (local.set $dwGroup (i32.add (local.get $dw)
        (i32.shl (i32.mul (i32.mul (local.get $group) (local.get $groupOut)) (local.get $field))
                 (i32.const 2))))
      (local.set $b (local.get $b0))
      (loop $images
        (call $im2col (local.get $params)
          (i32.add (i32.load (local.get $params))
            (call $imageOffset (local.get $b) (local.get $group)
              (i32.load offset=12 (local.get $params)) (i32.load offset=24 (local.get $params))
              (local.get $plane)))
          (local.get $patches))
        (local.set $dy (i32.add (i32.load offset=8 (local.get $params))
          (call $imageOffset (local.get $b) (local.get $group)
            (i32.load offset=16 (local.get $params)) (local.get $groupOut) (local.get $positions))))
        ;; [groupOut, field] = dy[b, group] [groupOut, positions] x patches^T [positions, field]
        (if (i32.ge_u (local.get $positions) (i32.const 256))
          (then
            (call $gemmDot (local.get $groupOut) (local.get $field) (local.get $positions)
              (local.get $dy) (local.get $positions) (local.get $patches) (local.get $positions)
              (local.get $dwGroup) (local.get $field) (i32.ne (local.get $b) (local.get $b0))))
          (else
            (call $gemm (local.get $groupOut) (local.get $field) (local.get $positions)
              (local.get $dy) (local.get $positions) (i32.const 1)
              (local.get $patches) (i32.const 1) (local.get $positions)
              (select (local.get $dwGroup) (local.get $partial) (i32.eq (local.get $b) (local.get $b0)))
              (local.get $field) (local.get $work))
            (if (i32.ne (local.get $b) (local.get $b0))
              (then (call $addInto (local.get $dwGroup) (local.get $partial)
                (i32.mul (local.get $groupOut) (local.get $field)))))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br_if $images (i32.lt_u (local.get $b) (local.get $b1))))
      (local.set $group (i32.add (local.get $group) (i32.const 1)))
      (br_if $groups (i32.lt_u (local.get $group) (i32.load offset=20 (local.get $params))))))

  ;; Four 2x2 stride-2 windows at once, their top rows at `top` and bottom rows at `bottom`
  ;; (bytes): the JS kernel's first maximum (NaN wins) of each window. Returns the maxima; the
  ;; winner of each lane (0 top left, 1 top right, 2 bottom left, 3 bottom right) goes to
  ;; $which.
  (global $which (mut v128) (v128.const i32x4 0 0 0 0))
  (func $max2x2 (param $top i32) (param $bottom i32) (result v128)
    (local $a v128) (local $b v128) (local $best v128) (local $v v128) (local $take v128)
    (local $which v128)
    (local.set $a (v128.load (local.get $top)))
    (local.set $b (v128.load offset=16 (local.get $top)))
    (local.set $best (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
    (local.set $which (v128.const i32x4 0 0 0 0))
    ;; Each later element wins where it is greater, or NaN, and the best so far is not NaN.
    (local.set $v (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)))
    (local.set $take (v128.and (f32x4.eq (local.get $best) (local.get $best))
      (v128.or (f32x4.gt (local.get $v) (local.get $best)) (f32x4.ne (local.get $v) (local.get $v)))))
    (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $take)))
    (local.set $which (v128.bitselect (v128.const i32x4 1 1 1 1) (local.get $which) (local.get $take)))
    (local.set $a (v128.load (local.get $bottom)))
    (local.set $b (v128.load offset=16 (local.get $bottom)))
    (local.set $v (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
    (local.set $take (v128.and (f32x4.eq (local.get $best) (local.get $best))
      (v128.or (f32x4.gt (local.get $v) (local.get $best)) (f32x4.ne (local.get $v) (local.get $v)))))
    (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $take)))
    (local.set $which (v128.bitselect (v128.const i32x4 2 2 2 2) (local.get $which) (local.get $take)))
    (local.set $v (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)))
    (local.set $take (v128.and (f32x4.eq (local.get $best) (local.get $best))
      (v128.or (f32x4.gt (local.get $v) (local.get $best)) (f32x4.ne (local.get $v) (local.get $v)))))
    (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $take)))
    (global.set $which (v128.bitselect (v128.const i32x4 3 3 3 3) (local.get $which) (local.get $take)))
    (local.get $best))

  ;; Stores the lanes of `left` and `right` interleaved (left0 right0 left1 right1 ...), plus
  ;; +0 (so -0 is stored as +0, as adding to a zeroed dx gives), at the eight floats at `at`
  ;; (bytes): one row of four 2x2 windows, which no other window touches.
  (func $putPairs (param $at i32) (param $left v128) (param $right v128)
    (v128.store (local.get $at) (f32x4.add (v128.const f32x4 0 0 0 0)
      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $left) (local.get $right))))
    (v128.store offset=16 (local.get $at) (f32x4.add (v128.const f32x4 0 0 0 0)
      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $left) (local.get $right)))))

  ;; Max pooling over `planes` planes [h, w] -> [oh, ow], windows clipped to the image. Forward
  ;; (dx = 0): y gets each window's first maximum, NaN winning, -inf for an empty window.
  ;; Backward (dx != 0): dx (zeroed by the caller, except where 2x2 stride-2 windows cover it
  ;; all) gets dy added at each window's first maximum (stored, with 0 around it, by 2x2 ones).
  (func (export "maxPool") (param $x i32) (param $y i32) (param $dx i32) (param $planes i32)
    (param $h i32) (param $w i32) (param $oh i32) (param $ow i32) (param $kh i32) (param $kw i32)
    (param $sh i32) (param $sw i32) (param $pt i32) (param $pl i32)
    (local $p i32) (local $r i32) (local $q i32) (local $h0 i32) (local $h1 i32) (local $w0 i32)
    (local $w1 i32) (local $a i32) (local $b i32) (local $best i32) (local $bestValue f32)
    (local $v f32) (local $i i32) (local $plane i32) (local $out i32) (local $vectors i32)
    (local $top i32) (local $maxima v128) (local $which v128) (local $dy v128) (local $left v128)
    (local $right v128) (local $skip i32)
    ;; 2x2 windows at stride 2, unpadded (LeNet's): four windows per step; other windows one
    ;; by one.
    (if (i32.and
          (i32.and (i32.and (i32.eq (local.get $kh) (i32.const 2)) (i32.eq (local.get $kw) (i32.const 2)))
                   (i32.and (i32.eq (local.get $sh) (i32.const 2)) (i32.eq (local.get $sw) (i32.const 2))))
          (i32.and (i32.and (i32.eqz (local.get $pt)) (i32.eqz (local.get $pl)))
                   (i32.and (i32.le_u (i32.shl (local.get $oh) (i32.const 1)) (local.get $h))
                            (i32.le_u (i32.shl (local.get $ow) (i32.const 1)) (local.get $w)))))
      ;; Four at a time from ow >= 4 on, the last four ending at ow (overlapping the ones before).
      (then (local.set $vectors (select (local.get $ow) (i32.const 0)
        (i32.ge_u (local.get $ow) (i32.const 4))))))
    (local.set $out (local.get $y))
    (local.set $p (i32.const 0))
    (block $planes_done
      (loop $planes_loop
        (br_if $planes_done (i32.ge_u (local.get $p) (local.get $planes)))
        (local.set $plane (i32.mul (local.get $p) (i32.mul (local.get $h) (local.get $w))))
        (local.set $r (i32.const 0))
        (loop $r_loop
          (local.set $h0 (i32.sub (i32.mul (local.get $r) (local.get $sh)) (local.get $pt)))
          (local.set $h1 (i32.add (local.get $h0) (local.get $kh)))
          (if (i32.gt_s (local.get $h1) (local.get $h)) (then (local.set $h1 (local.get $h))))
          (if (i32.lt_s (local.get $h0) (i32.const 0)) (then (local.set $h0 (i32.const 0))))
          (local.set $q (i32.const 0))
          (block $vectors_done
            (loop $vector_loop
              (br_if $vectors_done (i32.ge_u (local.get $q) (local.get $vectors)))
              ;; Windows already done in this step's lanes: 0, or 1 to 3 in the last step.
              (local.set $skip (i32.sub (local.get $q) (select (i32.sub (local.get $ow) (i32.const 4))
                (local.get $q) (i32.gt_u (local.get $q) (i32.sub (local.get $ow) (i32.const 4))))))
              (local.set $q (i32.sub (local.get $q) (local.get $skip)))
              (local.set $out (i32.sub (local.get $out) (i32.shl (local.get $skip) (i32.const 2))))
              (local.set $top (i32.add (local.get $x) (i32.shl
                (i32.add (local.get $plane)
                  (i32.add (i32.mul (i32.shl (local.get $r) (i32.const 1)) (local.get $w))
                           (i32.shl (local.get $q) (i32.const 1))))
                (i32.const 2))))
              (local.set $maxima (call $max2x2 (local.get $top)
                (i32.add (local.get $top) (i32.shl (local.get $w) (i32.const 2)))))
              (if (i32.eqz (local.get $dx))
                (then (v128.store (local.get $out) (local.get $maxima)))
                (else
                  (local.set $which (global.get $which))
                  ;; The same window corners in dx: dx - x bytes further on. The windows do not
                  ;; overlap, so each of their pixels gets dy where it won and +0 elsewhere.
                  (local.set $top (i32.add (local.get $top) (i32.sub (local.get $dx) (local.get $x))))
                  ;; Windows done already (the last step's first lanes) are stored again, the same.
                  (local.set $dy (v128.load (local.get $out)))
                  (local.set $left (v128.and (local.get $dy)
                    (i32x4.eq (local.get $which) (v128.const i32x4 0 0 0 0))))
                  (local.set $right (v128.and (local.get $dy)
                    (i32x4.eq (local.get $which) (v128.const i32x4 1 1 1 1))))
                  (call $putPairs (local.get $top) (local.get $left) (local.get $right))
                  (local.set $left (v128.and (local.get $dy)
                    (i32x4.eq (local.get $which) (v128.const i32x4 2 2 2 2))))
                  (local.set $right (v128.and (local.get $dy)
                    (i32x4.eq (local.get $which) (v128.const i32x4 3 3 3 3))))
                  (call $putPairs (i32.add (local.get $top) (i32.shl (local.get $w) (i32.const 2)))
                    (local.get $left) (local.get $right))))
              (local.set $out (i32.add (local.get $out) (i32.const 16)))
              (local.set $q (i32.add (local.get $q) (i32.const 4)))
              (br $vector_loop)))
          (block $row_done
          (br_if $row_done (i32.ge_u (local.get $q) (local.get $ow)))
          (loop $q_loop
            (local.set $w0 (i32.sub (i32.mul (local.get $q) (local.get $sw)) (local.get $pl)))
            (local.set $w1 (i32.add (local.get $w0) (local.get $kw)))
            (if (i32.gt_s (local.get $w1) (local.get $w)) (then (local.set $w1 (local.get $w))))
            (if (i32.lt_s (local.get $w0) (i32.const 0)) (then (local.set $w0 (i32.const 0))))
            (local.set $best (i32.const -1))
            (local.set $bestValue (f32.const -inf))
            (block $window_done
              (local.set $a (local.get $h0))
              (loop $a_loop
                (br_if $window_done (i32.ge_s (local.get $a) (local.get $h1)))
                (local.set $b (local.get $w0))
                (loop $b_loop
                  (if (i32.lt_s (local.get $b) (local.get $w1))
                    (then
                      (local.set $i (i32.add (local.get $plane)
                        (i32.add (i32.mul (local.get $a) (local.get $w)) (local.get $b))))
                      (local.set $v (f32.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))
                      (if (f32.ne (local.get $v) (local.get $v))
                        (then (local.set $best (local.get $i)) (local.set $bestValue (local.get $v))
                          (br $window_done)))
                      (if (i32.or (i32.lt_s (local.get $best) (i32.const 0))
                                  (f32.gt (local.get $v) (local.get $bestValue)))
                        (then (local.set $best (local.get $i)) (local.set $bestValue (local.get $v))))
                      (local.set $b (i32.add (local.get $b) (i32.const 1)))
                      (br $b_loop))))
                (local.set $a (i32.add (local.get $a) (i32.const 1)))
                (br $a_loop)))
            (if (i32.eqz (local.get $dx))
              (then (f32.store (local.get $out) (local.get $bestValue)))
              (else
                (if (i32.ge_s (local.get $best) (i32.const 0))
                  (then
                    (local.set $i (i32.add (local.get $dx) (i32.shl (local.get $best) (i32.const 2))))
                    (f32.store (local.get $i)
                      (f32.add (f32.load (local.get $i)) (f32.load (local.get $out))))))))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br_if $q_loop (i32.lt_u (local.get $q) (local.get $ow)))))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $r_loop (i32.lt_u (local.get $r) (local.get $oh))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $planes_loop))))

  ;; Average pooling over `planes` planes [h, w] -> [oh, ow]. The divisor is the window's area
  ;; inside the padded image when includePad, else inside the image. Forward (dx = 0): y gets
  ;; each window's mean. Backward (dx != 0): dx (zeroed by the caller) gets y / divisor added
  ;; over each window, y then holding dy. Sums and shares are float64, as in the JS kernel.
  (func (export "avgPool") (param $x i32) (param $y i32) (param $dx i32) (param $planes i32)
    (param $h i32) (param $w i32) (param $oh i32) (param $ow i32) (param $kh i32) (param $kw i32)
    (param $sh i32) (param $sw i32) (param $pt i32) (param $pb i32) (param $pl i32) (param $pr i32)
    (param $includePad i32)
    (local $p i32) (local $r i32) (local $q i32) (local $h0 i32) (local $h1 i32) (local $w0 i32)
    (local $w1 i32) (local $a i32) (local $b i32) (local $sum f64) (local $divisor f64)
    (local $share f64) (local $ptr i32) (local $plane i32) (local $out i32) (local $ph0 i32)
    (local $ph1 i32) (local $pw0 i32) (local $pw1 i32)
    (local.set $out (local.get $y))
    (local.set $p (i32.const 0))
    (block $planes_done
      (loop $planes_loop
        (br_if $planes_done (i32.ge_u (local.get $p) (local.get $planes)))
        (local.set $plane (i32.shl (i32.mul (local.get $p) (i32.mul (local.get $h) (local.get $w)))
          (i32.const 2)))
        (local.set $r (i32.const 0))
        (loop $r_loop
          (local.set $ph0 (i32.sub (i32.mul (local.get $r) (local.get $sh)) (local.get $pt)))
          (local.set $ph1 (i32.add (local.get $ph0) (local.get $kh)))
          (if (i32.gt_s (local.get $ph1) (i32.add (local.get $h) (local.get $pb)))
            (then (local.set $ph1 (i32.add (local.get $h) (local.get $pb)))))
          (local.set $h0 (select (local.get $ph0) (i32.const 0) (i32.gt_s (local.get $ph0) (i32.const 0))))
          (local.set $h1 (select (local.get $ph1) (local.get $h) (i32.lt_s (local.get $ph1) (local.get $h))))
          (local.set $q (i32.const 0))
          (loop $q_loop
            (local.set $pw0 (i32.sub (i32.mul (local.get $q) (local.get $sw)) (local.get $pl)))
            (local.set $pw1 (i32.add (local.get $pw0) (local.get $kw)))
            (if (i32.gt_s (local.get $pw1) (i32.add (local.get $w) (local.get $pr)))
              (then (local.set $pw1 (i32.add (local.get $w) (local.get $pr)))))
            (local.set $w0 (select (local.get $pw0) (i32.const 0) (i32.gt_s (local.get $pw0) (i32.const 0))))
            (local.set $w1 (select (local.get $pw1) (local.get $w) (i32.lt_s (local.get $pw1) (local.get $w))))
            (local.set $divisor (f64.convert_i32_s (select
              (i32.mul (i32.sub (local.get $ph1) (local.get $ph0)) (i32.sub (local.get $pw1) (local.get $pw0)))
              (i32.mul (i32.sub (local.get $h1) (local.get $h0)) (i32.sub (local.get $w1) (local.get $w0)))
              (local.get $includePad))))
            (if (i32.eqz (local.get $dx))
              (then (local.set $sum (f64.const 0)))
              (else (local.set $share
                (f64.div (f64.promote_f32 (f32.load (local.get $out))) (local.get $divisor)))))
            (local.set $a (local.get $h0))
            (block $rows_done
              (loop $a_loop
                (br_if $rows_done (i32.ge_s (local.get $a) (local.get $h1)))
                (local.set $b (local.get $w0))
                (block $cols_done
                  (loop $b_loop
                    (br_if $cols_done (i32.ge_s (local.get $b) (local.get $w1)))
                    (local.set $ptr (i32.add (local.get $plane) (i32.shl
                      (i32.add (i32.mul (local.get $a) (local.get $w)) (local.get $b)) (i32.const 2))))
                    (if (i32.eqz (local.get $dx))
                      (then (local.set $sum (f64.add (local.get $sum)
                        (f64.promote_f32 (f32.load (i32.add (local.get $x) (local.get $ptr)))))))
                      (else
                        (local.set $ptr (i32.add (local.get $dx) (local.get $ptr)))
                        (f32.store (local.get $ptr) (f32.demote_f64
                          (f64.add (f64.promote_f32 (f32.load (local.get $ptr))) (local.get $share))))))
                    (local.set $b (i32.add (local.get $b) (i32.const 1)))
                    (br $b_loop)))
                (local.set $a (i32.add (local.get $a) (i32.const 1)))
                (br $a_loop)))
            (if (i32.eqz (local.get $dx))
              (then (f32.store (local.get $out)
                (f32.demote_f64 (f64.div (local.get $sum) (local.get $divisor))))))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br_if $q_loop (i32.lt_u (local.get $q) (local.get $ow))))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $r_loop (i32.lt_u (local.get $r) (local.get $oh))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $planes_loop))))
)
