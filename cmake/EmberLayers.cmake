# The folders are the layers, and the build enforces that. Every library
# includes headers as "folder/file.hpp", but no target sees the source root:
# ember_public_headers() gives a library an include directory of its own
# in the build tree that holds only a link to its folder. A file can then
# include a header only from its own library or one it links, so an include
# against the layering is a build error.
function(ember_public_headers target folder)
  set(root ${CMAKE_BINARY_DIR}/include/${target})
  cmake_path(GET folder PARENT_PATH parent)
  file(MAKE_DIRECTORY ${root}/${parent})
  if(NOT EXISTS ${root}/${folder})
    file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${root}/${folder} SYMBOLIC)
  endif()
  target_include_directories(${target} PUBLIC ${root})
endfunction()
