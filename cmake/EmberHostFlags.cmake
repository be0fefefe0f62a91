# Compiler flags for host code (everything but the guests): the warnings,
# errors when EMBER_WERROR is on, and the sanitizers when EMBER_SANITIZE is
# on. Guests get their own freestanding flags in EmberGuest.cmake, so nothing
# here is global. EMBER_WARNING_OPTIONS also serves the few host programs
# that cannot take the sanitizers (loadtest's static baselines).
set(EMBER_WARNING_OPTIONS -Wall -Wextra -Wpedantic -Wshadow -Wconversion)
if(EMBER_WERROR)
  list(APPEND EMBER_WARNING_OPTIONS -Werror)
endif()

add_library(ember_host_flags INTERFACE)
target_compile_options(ember_host_flags INTERFACE ${EMBER_WARNING_OPTIONS} -Wno-sign-conversion)

if(EMBER_SANITIZE)
  target_compile_options(ember_host_flags INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(ember_host_flags INTERFACE -fsanitize=address,undefined)
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
