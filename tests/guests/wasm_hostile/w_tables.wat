;; Tables and globals at the limits: a table.grow to 2^32-1 entries, which
;; must be refused (-1) without exhausting the sandbox, and many globals.
(module
  (memory (export "memory") 1)
  (table $t 1 funcref)
  (global $g0 (mut i64) (i64.const 1))
  (global $g1 (mut i64) (i64.const 2))
  (func (export "ember_alloc") (param i32) (result i32) (i32.const 1024))
  (data (i32.const 16) "ok")
  (func (export "ok") (param i32 i32) (result i64)
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 2)))
  (func (export "table_grow") (param i32 i32) (result i64)
    (i32.store (i32.const 0) (table.grow $t (ref.null func) (i32.const -2)))
    (i64.const 4))
  (func (export "globals") (param i32 i32) (result i64)
    (global.set $g0 (i64.add (global.get $g0) (global.get $g1)))
    (i64.store (i32.const 0) (global.get $g0))
    (i64.const 8)))
