;; A table whose minimum (2^32-1 entries, 32 GiB of references) no sandbox
;; can hold: the deploy must fail with a clear message, not take the VM down.
(module
  (table 0xffffffff funcref)
  (func (export "_start")))
