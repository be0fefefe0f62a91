// The readers of the known sections' contents, one per section id, called
// by decode_module (decoder.cpp) in section order with the reader at the
// first byte after the section's size. Each fills its part of the Module and
// checks what the spec's module-level validation says of it; decode_module
// checks that the section's size was right.
#pragma once

#include "wasm/engine/module_reader.hpp"

namespace ember::wasm {

// definition_sections.cpp
void read_type_section(ModuleReader& in);
void read_import_section(ModuleReader& in);
void read_function_section(ModuleReader& in);
void read_table_section(ModuleReader& in);
void read_memory_section(ModuleReader& in);
void read_global_section(ModuleReader& in);
void read_export_section(ModuleReader& in);
void read_start_section(ModuleReader& in);

// segment_sections.cpp
void read_element_section(ModuleReader& in);
void read_data_count_section(ModuleReader& in);
// Returns the number of bodies, which must match the function section's.
uint32_t read_code_section(ModuleReader& in);
void read_data_section(ModuleReader& in);

}  // namespace ember::wasm
