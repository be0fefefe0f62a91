#include "wasm/engine/types.hpp"

namespace ember::wasm {

const char* val_type_name(ValType t) {
    switch (t) {
        case ValType::i32:
            return "i32";
        case ValType::i64:
            return "i64";
        case ValType::f32:
            return "f32";
        case ValType::f64:
            return "f64";
        case ValType::v128:
            return "v128";
        case ValType::funcref:
            return "funcref";
        case ValType::externref:
            return "externref";
    }
    return "?";
}

namespace {
bool same_list(const Vec<ValType>& a, const Vec<ValType>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}
}  // namespace

bool same_type(const FuncType& a, const FuncType& b) {
    return same_list(a.params, b.params) && same_list(a.results, b.results);
}

}  // namespace ember::wasm
