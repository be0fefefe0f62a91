// decode_module: the module's preamble, its sections in their order, and
// the checks that need the whole module (sections.hpp reads each section).
#include "wasm/engine/decoder.hpp"

#include "wasm/engine/module_reader.hpp"
#include "wasm/engine/sections.hpp"

namespace ember::wasm {

namespace {

constexpr uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6d};  // "\0asm"
constexpr uint8_t version[4] = {0x01, 0x00, 0x00, 0x00};

enum SectionId : uint8_t {
    custom_id = 0,
    type_id = 1,
    import_id = 2,
    function_id = 3,
    table_id = 4,
    memory_id = 5,
    global_id = 6,
    export_id = 7,
    start_id = 8,
    element_id = 9,
    code_id = 10,
    data_id = 11,
    data_count_id = 12,
};

// Where a known section may appear: each at most once, in this order, which
// is that of the ids but for data count, which comes before code.
unsigned section_rank(uint8_t id) {
    if (id == data_count_id) return code_id;
    return id < code_id ? id : id + 1u;
}

bool read_preamble(ModuleReader& in) {
    Reader& r = in.in();
    const uint8_t* m = r.bytes(sizeof magic);
    if (m && memcmp(m, magic, sizeof magic) != 0) in.malformed(0, "magic header not detected");
    const uint8_t* v = r.bytes(sizeof version);
    if (v && memcmp(v, version, sizeof version) != 0)
        in.malformed(4, "unknown binary version %u",
                     v[0] | v[1] << 8 | v[2] << 16 | static_cast<unsigned>(v[3]) << 24);
    return in.ok();
}

// A name, then bytes for whoever knows the name: the engine knows none.
void read_custom_section(ModuleReader& in, uint32_t start, uint32_t size) {
    in.name();
    if (!in.ok()) return;
    uint32_t used = in.offset() - start;
    if (used > size) {
        in.malformed(start, "unexpected end of section or function: custom section name");
        return;
    }
    in.in().bytes(size - used);
}

class ModuleDecoder {
  public:
    explicit ModuleDecoder(ModuleReader& in) : in_(in) {}

    bool decode() {
        if (!read_preamble(in_)) return in_.finish();
        while (in_.ok() && !in_.in().at_end())
            read_section();
        if (in_.ok()) check_counts();
        Module& m = in_.module();
        m.declared_refs.resize(m.func_types.size());
        return in_.finish();
    }

  private:
    void read_section() {
        uint32_t at = in_.offset();
        uint8_t id = in_.in().u8();
        if (!in_.ok()) return;
        if (id > data_count_id) {
            in_.malformed(at, "malformed section id %u", id);
            return;
        }
        if (id != custom_id) {
            unsigned rank = section_rank(id);
            if (rank <= last_rank_) {
                in_.malformed(at, "unexpected content after last section (section %u)", id);
                return;
            }
            last_rank_ = rank;
        }
        uint32_t size = in_.length();
        uint32_t start = in_.offset();
        if (!in_.ok()) return;
        read_contents(id, start, size);
        if (in_.ok() && in_.offset() != start + size)
            in_.malformed(start, "section size mismatch (section %u)", id);
    }

    void read_contents(uint8_t id, uint32_t start, uint32_t size) {
        switch (id) {
            case custom_id:
                read_custom_section(in_, start, size);
                break;
            case type_id:
                read_type_section(in_);
                break;
            case import_id:
                read_import_section(in_);
                break;
            case function_id:
                read_function_section(in_);
                break;
            case table_id:
                read_table_section(in_);
                break;
            case memory_id:
                read_memory_section(in_);
                break;
            case global_id:
                read_global_section(in_);
                break;
            case export_id:
                read_export_section(in_);
                break;
            case start_id:
                read_start_section(in_);
                break;
            case element_id:
                read_element_section(in_);
                break;
            case data_count_id:
                read_data_count_section(in_);
                break;
            case code_id:
                bodies_ = read_code_section(in_);
                break;
            case data_id:
                read_data_section(in_);
                break;
            default:
                break;
        }
    }

    void check_counts() {
        const Module& m = in_.module();
        if (bodies_ != m.functions.size())
            in_.malformed(in_.size(),
                          "function and code section have inconsistent lengths (%zu and %u)",
                          m.functions.size(), bodies_);
        else if (m.has_data_count && m.data_count != m.data.size())
            in_.malformed(in_.size(),
                          "data count and data section have inconsistent lengths (%u and %zu)",
                          m.data_count, m.data.size());
    }

    ModuleReader& in_;
    unsigned last_rank_ = 0;
    uint32_t bodies_ = 0;
};

}  // namespace

bool decode_module(const uint8_t* bytes, size_t size, Module& module, Error& error) {
    // Offsets are 32-bit, as are the format's own sizes.
    if (size > UINT32_MAX) {
        error.set(ErrorKind::malformed, 0, "module too large (%zu bytes)", size);
        return false;
    }
    module.binary.resize(size);
    if (size > 0) memcpy(module.binary.data(), bytes, size);
    ModuleReader in(module, error);
    return ModuleDecoder(in).decode();
}

}  // namespace ember::wasm
