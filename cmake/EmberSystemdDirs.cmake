# Where the systemd units, the sysusers.d and the tmpfiles.d entries are
# installed: EMBER_SYSTEMD_UNIT_DIR, EMBER_SYSUSERS_DIR, EMBER_TMPFILES_DIR.
# pkg-config's systemd module names the directories this machine's systemd
# reads, with its prefix replaced by ours: a /usr install gets the
# distribution's own directories, a /usr/local one the local ones. Without
# pkg-config they are the usual ones under the prefix. Each can be set by
# hand; left empty, it is worked out again at every configure, so that it
# follows a changed CMAKE_INSTALL_PREFIX.
find_package(PkgConfig QUIET)

function(ember_systemd_dir var pkg_variable fallback doc)
  set(${var} "" CACHE PATH "${doc} (empty: from pkg-config systemd)")
  if(${var})
    return()
  endif()
  set(dir ${CMAKE_INSTALL_PREFIX}/${fallback})
  if(PKG_CONFIG_FOUND)
    # systemd's own files sit under root_prefix (empty for /usr), the
    # others under prefix.
    set(root_prefix ${CMAKE_INSTALL_PREFIX})
    if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
      set(root_prefix "")
    endif()
    execute_process(
      COMMAND ${PKG_CONFIG_EXECUTABLE} --variable=${pkg_variable}
        --define-variable=prefix=${CMAKE_INSTALL_PREFIX}
        --define-variable=root_prefix=${root_prefix} systemd
      OUTPUT_VARIABLE answer OUTPUT_STRIP_TRAILING_WHITESPACE
      RESULT_VARIABLE status ERROR_QUIET)
    if(status EQUAL 0 AND answer)
      set(dir ${answer})
    endif()
  endif()
  set(${var} ${dir} PARENT_SCOPE)
endfunction()

ember_systemd_dir(EMBER_SYSTEMD_UNIT_DIR systemd_system_unit_dir lib/systemd/system
  "where the systemd units are installed")
ember_systemd_dir(EMBER_SYSUSERS_DIR sysusers_dir lib/sysusers.d
  "where the sysusers.d entry of the ember user is installed")
ember_systemd_dir(EMBER_TMPFILES_DIR tmpfiles_dir lib/tmpfiles.d
  "where the tmpfiles.d entry of the configuration directory is installed")
