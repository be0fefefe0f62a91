# Compiler flags for host code (everything but the guests): the warnings,
# errors when EMBER_WERROR is on, and the sanitizers when EMBER_SANITIZE or
# EMBER_FUZZ is on. Guests get their own freestanding flags in EmberGuest.cmake, so nothing
# here is global. EMBER_WARNING_OPTIONS also serves the few host programs
# that cannot take the sanitizers (loadtest's static baselines).
set(EMBER_WARNING_OPTIONS -Wall -Wextra -Wpedantic -Wshadow -Wconversion)
if(EMBER_WERROR)
  list(APPEND EMBER_WARNING_OPTIONS -Werror)
endif()

add_library(ember_host_flags INTERFACE)
target_compile_options(ember_host_flags INTERFACE ${EMBER_WARNING_OPTIONS} -Wno-sign-conversion)

if(EMBER_SANITIZE OR EMBER_FUZZ)
  target_compile_options(ember_host_flags INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(ember_host_flags INTERFACE -fsanitize=address,undefined)
endif()

# Fuzzing: libFuzzer's coverage instrumentation on all host code, so that it
# sees the branches of the library code a target calls, and -O1 as libFuzzer
# advises (fast enough to fuzz, yet precise stack traces). Only the fuzz
# targets link libFuzzer itself (-fsanitize=fuzzer, tests/fuzz).
if(EMBER_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "EMBER_FUZZ needs clang, for libFuzzer (the compiler is "
      "${CMAKE_CXX_COMPILER_ID}): configure with -DCMAKE_C_COMPILER=clang "
      "-DCMAKE_CXX_COMPILER=clang++")
  endif()
  include(CheckCXXSourceCompiles)
  set(CMAKE_REQUIRED_LINK_OPTIONS -fsanitize=fuzzer)
  check_cxx_source_compiles([[
    #include <cstddef>
    #include <cstdint>
    extern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }
  ]] EMBER_HAVE_LIBFUZZER)
  unset(CMAKE_REQUIRED_LINK_OPTIONS)
  if(NOT EMBER_HAVE_LIBFUZZER)
    message(FATAL_ERROR "EMBER_FUZZ: clang cannot link -fsanitize=fuzzer; on Debian "
      "install libclang-rt-dev (scripts/ensure-packages fuzz does)")
  endif()
  target_compile_options(ember_host_flags INTERFACE -fsanitize=fuzzer-no-link -O1 -g)
endif()

# Beast and Asio are compiled once, in one translation unit
# (http/beast_impl.cpp); the few targets that include them call
# ember_beast_user() so that their headers expect that separate compilation.
# gcc 12 reports -Wmaybe-uninitialized false positives inside Beast's parser
# when optimising with the sanitizers: that one warning is off for them.
function(ember_beast_user target)
  target_compile_definitions(${target} PUBLIC
    BOOST_ASIO_SEPARATE_COMPILATION BOOST_BEAST_SEPARATE_COMPILATION
    BOOST_ASIO_NO_DEPRECATED)
  target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
endfunction()
