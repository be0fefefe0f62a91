// The process's limit of open files (RLIMIT_NOFILE), which bounds how many
// connections a server can hold: every client connection is a file.
#pragma once

#include <cstddef>

namespace ember {

// Raises the soft limit to the hard one and returns the soft limit now in
// force (0 if it cannot be read). A shell's default soft limit is often
// 1024 while the hard one is far higher: the soft limit exists for
// programs that still use select(), which Asio and poll() users do not.
std::size_t raise_open_file_limit();

}  // namespace ember
