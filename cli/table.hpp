// Columns of text aligned for people: an optional header row, then rows;
// each column as wide as its widest cell, two spaces apart. Every cell is
// made printable (base/printable.hpp), because names, handlers and log lines
// come from the server and from guests, and must not drive the terminal.
#pragma once

#include <string>
#include <vector>

namespace ember::cli {

class Table {
  public:
    // An empty header makes a list without a header row ("key  value" lines).
    explicit Table(std::vector<std::string> header = {});

    // A row shorter than the widest one is padded with empty cells.
    void add_row(std::vector<std::string> cells);

    // The rows, each ending in '\n'; the last column is not padded.
    std::string render() const;

  private:
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace ember::cli
