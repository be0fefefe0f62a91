;; Linear memory at its limits. `grow` asks for every page Wasm allows (4 GiB)
;; and replies memory.grow's answer as 4 little-endian bytes (-1: refused);
;; `fill` grows by as many pages as the input's first byte says and writes
;; all of it, replying the new size in pages; `remember` stores the input's
;; first byte at 0x8000 and replies what was there before (always 0: no call
;; sees another's memory).
(module
  (memory (export "memory") 1)
  (func (export "ember_alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "grow") (param i32 i32) (result i64)
    (i32.store (i32.const 0) (memory.grow (i32.const 65536)))
    (i64.const 4))
  (func (export "fill") (param $in i32) (param $len i32) (result i64)
    (local $old i32)
    (local.set $old (memory.grow (i32.load8_u (local.get $in))))
    (if (i32.eq (local.get $old) (i32.const -1))
      (then (i32.store (i32.const 0) (i32.const -1)) (return (i64.const 4))))
    (memory.fill (i32.const 65536) (i32.const 0xab)
      (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 65536)))
    (i32.store (i32.const 0) (memory.size))
    (i64.const 4))
  (func (export "remember") (param $in i32) (param $len i32) (result i64)
    (i32.store8 (i32.const 0) (i32.load8_u (i32.const 0x8000)))
    (i32.store8 (i32.const 0x8000) (i32.load8_u (local.get $in)))
    (i64.const 1)))
