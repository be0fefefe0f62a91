// Tests of cli/table.cpp.
#include "cli/table.hpp"

#include <catch2/catch.hpp>

namespace ember::cli {
namespace {

TEST_CASE("a table aligns its columns two spaces apart", "[cli][table]") {
    Table table({"NAME", "VERSION"});
    table.add_row({"echo", "3"});
    table.add_row({"wordcount", "12"});
    CHECK(table.render() ==
          "NAME       VERSION\n"
          "echo       3\n"
          "wordcount  12\n");
}

TEST_CASE("a table without a header lists keys and values", "[cli][table]") {
    Table table;
    table.add_row({"name", "echo"});
    table.add_row({"host functions", "log"});
    CHECK(table.render() ==
          "name            echo\n"
          "host functions  log\n");
}

TEST_CASE("short rows are padded and no line ends in spaces", "[cli][table]") {
    Table table({"A", "B", "C"});
    table.add_row({"1"});
    table.add_row({"1", "", "3"});
    CHECK(table.render() ==
          "A  B  C\n"
          "1\n"
          "1     3\n");
}

TEST_CASE("a table cell cannot drive the terminal", "[cli][table]") {
    Table table;
    table.add_row({"handler", "evil\x1b[2J\nforged"});
    CHECK(table.render() == "handler  evil\\x1b[2J\\nforged\n");
}

}  // namespace
}  // namespace ember::cli
