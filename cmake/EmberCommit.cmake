# Run at every build (cmake -P, from base/CMakeLists.txt): writes OUTPUT, the
# definition of ember::commit(), from TEMPLATE. The commit is, in order:
#   COMMIT, when the packager set EMBER_COMMIT;
#   `git describe --always --dirty` when SOURCE_DIR is the top of a git work
#   tree (not merely inside another project's repository);
#   the commit a `git archive` tarball was made from, which git wrote into
#   cmake/archive-commit.txt (export-subst in .gitattributes);
#   "unknown".
# configure_file() leaves OUTPUT untouched when the commit did not change, so
# nothing is rebuilt then.
cmake_minimum_required(VERSION 3.25)

function(commit_from_git result)
  find_program(GIT git)
  if(NOT GIT)
    return()
  endif()
  execute_process(COMMAND ${GIT} -C ${SOURCE_DIR} rev-parse --show-toplevel
    OUTPUT_VARIABLE top OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE status ERROR_QUIET)
  if(NOT status EQUAL 0)
    return()
  endif()
  file(REAL_PATH ${top} top)
  file(REAL_PATH ${SOURCE_DIR} source)
  if(NOT top STREQUAL source)
    return()
  endif()
  execute_process(COMMAND ${GIT} -C ${SOURCE_DIR} describe --always --dirty --abbrev=12
    OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE status ERROR_QUIET)
  if(status EQUAL 0)
    set(${result} ${described} PARENT_SCOPE)
  endif()
endfunction()

function(commit_from_archive result)
  file(STRINGS ${SOURCE_DIR}/cmake/archive-commit.txt lines REGEX "^[0-9a-f]+$")
  if(lines)
    list(GET lines 0 full)
    string(SUBSTRING ${full} 0 12 short)
    set(${result} ${short} PARENT_SCOPE)
  endif()
endfunction()

set(EMBER_COMMIT_TEXT ${COMMIT})
if(NOT EMBER_COMMIT_TEXT)
  commit_from_git(EMBER_COMMIT_TEXT)
endif()
if(NOT EMBER_COMMIT_TEXT)
  commit_from_archive(EMBER_COMMIT_TEXT)
endif()
if(NOT EMBER_COMMIT_TEXT)
  set(EMBER_COMMIT_TEXT unknown)
endif()
if(NOT EMBER_COMMIT_TEXT MATCHES "^[A-Za-z0-9._+~-]+$")
  message(FATAL_ERROR "EMBER_COMMIT '${EMBER_COMMIT_TEXT}': only letters, digits and ._+~- please")
endif()
configure_file(${TEMPLATE} ${OUTPUT} @ONLY)
