;; An infinite loop: only the call's deadline ends it. `ok` answers "ok".
(module
  (memory (export "memory") 1)
  (func (export "ember_alloc") (param i32) (result i32) (i32.const 1024))
  (data (i32.const 16) "ok")
  (func (export "ok") (param i32 i32) (result i64)
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 2)))
  (func (export "spin") (param i32 i32) (result i64)
    (loop $forever (br $forever))
    (i64.const 0)))
