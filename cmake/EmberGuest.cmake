# ember_add_guest(NAME SOURCES...) builds a guest function into
# ${EMBER_GUEST_OUTPUT_DIRECTORY}/NAME.elf: freestanding x86-64, static,
# linked at EMBER_IMAGE_BASE by the SDK's linker script
# (EMBER_GUEST_LINKER_SCRIPT) against the guest runtime (EmberGuest::runtime).
# The CMake target is guest_NAME.
#
# Ember's own build includes this file; outside the tree,
# find_package(EmberGuest) includes the installed copy after defining the
# runtime target and the two variables (see EmberGuestConfig.cmake.in).
#
# Guests run in ring 3 with x87 and SSE on, so gcc may use them freely
# (doubles, vectorised loops). The flags keep the hot path short: no stack
# protector, no CET endbr64 landing pads, no unwind tables. The red zone is
# safe: CPU exceptions switch to the host's ring-0 stack and never write
# below the guest's rsp.
include_guard(GLOBAL)

set(EMBER_GUEST_COMPILE_OPTIONS
  -O2 -ffreestanding -fno-stack-protector -fno-pic -fno-pie
  -fcf-protection=none -fno-asynchronous-unwind-tables
  -fno-unwind-tables -fomit-frame-pointer
  -Wall -Wextra
  $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions -fno-rtti -fno-threadsafe-statics>)
if(EMBER_WERROR)
  list(APPEND EMBER_GUEST_COMPILE_OPTIONS -Werror)
endif()

# clang links -static without PIE by itself, and warns that -no-pie is unused.
set(EMBER_GUEST_LINK_OPTIONS
  -nostdlib -static
  $<$<OR:$<LINK_LANG_AND_ID:C,GNU>,$<LINK_LANG_AND_ID:CXX,GNU>>:-no-pie>
  -Wl,--build-id=none -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack
  -Wl,--no-warn-rwx-segments)

# Every guest, so that tests can depend on all of them at once.
if(NOT TARGET ember_guests)
  add_custom_target(ember_guests ALL)
endif()

function(ember_guest_flags target)
  target_compile_options(${target} PRIVATE ${EMBER_GUEST_COMPILE_OPTIONS})
endfunction()

function(ember_add_guest name)
  set(target guest_${name})
  add_executable(${target} ${ARGN})
  ember_guest_flags(${target})
  target_link_libraries(${target} PRIVATE EmberGuest::runtime)
  target_link_options(${target} PRIVATE ${EMBER_GUEST_LINK_OPTIONS}
    -T ${EMBER_GUEST_LINKER_SCRIPT})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${name} SUFFIX .elf
    RUNTIME_OUTPUT_DIRECTORY ${EMBER_GUEST_OUTPUT_DIRECTORY}
    LINK_DEPENDS ${EMBER_GUEST_LINKER_SCRIPT})
  add_dependencies(ember_guests ${target})
endfunction()
