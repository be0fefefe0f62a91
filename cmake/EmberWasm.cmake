# ember_add_wasm(NAME SOURCES... [CXX] [REACTOR] [INCLUDES dirs...]
#                [OPTIONS flags...] [DEPENDS files...]) builds a
# WebAssembly function into ${EMBER_GUEST_OUTPUT_DIRECTORY}/NAME.wasm with
# Debian's clang for wasm32-wasi (wasi-libc, libclang-rt-14-dev-wasm32, lld;
# C++ also libc++-14-dev-wasm32 and libc++abi-14-dev-wasm32), the way
# docs/wasm.md tells users to. The target is wasm_NAME. REACTOR builds a
# reactor (-mexec-model=reactor) instead of a command.
#
# When that toolchain is missing, EMBER_WASM_C (EMBER_WASM_CXX for C++) is
# false, ember_add_wasm() builds nothing, and the tests that need the
# modules skip.
include_guard(GLOBAL)

find_program(EMBER_WASM_CLANG NAMES clang-14 clang)
find_program(EMBER_WASM_CLANGXX NAMES clang++-14 clang++)
set(EMBER_WASM_SYSROOT /usr CACHE PATH "The wasi-libc sysroot for clang --target=wasm32-wasi")
set(EMBER_WASM_FLAGS --target=wasm32-wasi --sysroot=${EMBER_WASM_SYSROOT} -O2)

# Whether `compiler` links a module from `source` (the text of a file).
function(ember_wasm_probe result compiler extension source)
  set(dir ${CMAKE_BINARY_DIR}/CMakeFiles/ember_wasm_probe)
  file(WRITE ${dir}/probe.${extension} "${source}")
  set(ok FALSE)
  if(compiler)
    execute_process(COMMAND ${compiler} ${EMBER_WASM_FLAGS} ${dir}/probe.${extension}
      -o ${dir}/probe.wasm RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(rc EQUAL 0)
      set(ok TRUE)
    endif()
  endif()
  set(${result} ${ok} PARENT_SCOPE)
endfunction()

if(NOT DEFINED EMBER_WASM_C)
  ember_wasm_probe(c_ok "${EMBER_WASM_CLANG}" c
    "#include <stdio.h>\nint main(void) { return puts(\"ok\") < 0; }\n")
  ember_wasm_probe(cxx_ok "${EMBER_WASM_CLANGXX}" cpp
    "#include <string>\n#include <iostream>\nint main() { std::cout << std::string(\"ok\"); }\n")
  set(EMBER_WASM_C ${c_ok} CACHE BOOL "clang builds wasm32-wasi C modules")
  set(EMBER_WASM_CXX ${cxx_ok} CACHE BOOL "clang++ builds wasm32-wasi C++ modules")
  if(NOT c_ok)
    message(STATUS "Wasm modules: not built, and their tests skip: clang --target=wasm32-wasi "
      "cannot link (apt install clang lld wasi-libc libclang-rt-14-dev-wasm32)")
  elseif(NOT cxx_ok)
    message(STATUS "Wasm C++ modules: not built: clang++ --target=wasm32-wasi cannot link "
      "(apt install libc++-14-dev-wasm32 libc++abi-14-dev-wasm32)")
  endif()
endif()

if(NOT TARGET ember_wasm_modules)
  add_custom_target(ember_wasm_modules ALL)
endif()

function(ember_add_wasm name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "CXX;REACTOR" "" "INCLUDES;DEPENDS;OPTIONS")
  if(arg_CXX)
    set(compiler ${EMBER_WASM_CLANGXX})
    set(available ${EMBER_WASM_CXX})
  else()
    set(compiler ${EMBER_WASM_CLANG})
    set(available ${EMBER_WASM_C})
  endif()
  if(NOT available)
    return()
  endif()
  set(flags ${EMBER_WASM_FLAGS} -Wall -Wextra)
  if(EMBER_WERROR)
    list(APPEND flags -Werror)
  endif()
  if(arg_REACTOR)
    list(APPEND flags -mexec-model=reactor)
  endif()
  list(APPEND flags ${arg_OPTIONS})
  foreach(dir IN LISTS arg_INCLUDES)
    list(APPEND flags -I${dir})
  endforeach()
  set(sources)
  foreach(source IN LISTS arg_UNPARSED_ARGUMENTS)
    cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
    list(APPEND sources ${source})
  endforeach()
  set(output ${EMBER_GUEST_OUTPUT_DIRECTORY}/${name}.wasm)
  add_custom_command(OUTPUT ${output}
    COMMAND ${compiler} ${flags} ${sources} -o ${output}
    DEPENDS ${sources} ${arg_DEPENDS}
    COMMENT "Building WebAssembly module ${name}.wasm"
    VERBATIM)
  add_custom_target(wasm_${name} DEPENDS ${output})
  add_dependencies(ember_wasm_modules wasm_${name})
endfunction()
