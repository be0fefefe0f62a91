// The one translation unit that compiles Asio and Beast (separate compilation,
// see ember_beast_user in cmake/EmberHostFlags.cmake): every other file of
// ember_http only includes their headers.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
