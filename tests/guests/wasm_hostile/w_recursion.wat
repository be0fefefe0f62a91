;; Recursion without end: the engine's call-depth bound must trap it
;; ("call stack exhausted"), in the module's own sandbox. `ok` answers "ok".
(module
  (memory (export "memory") 1)
  (func (export "ember_alloc") (param i32) (result i32) (i32.const 1024))
  (data (i32.const 16) "ok")
  (func (export "ok") (param i32 i32) (result i64)
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 2)))
  (func $down (param i32) (result i32)
    (i32.add (call $down (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "recurse") (param i32 i32) (result i64)
    (drop (call $down (i32.const 0)))
    (i64.const 0)))
