// Aligned text columns (see table.hpp).
#include "cli/table.hpp"

#include <algorithm>

#include "base/printable.hpp"

namespace ember::cli {

Table::Table(std::vector<std::string> header) {
    if (!header.empty()) add_row(std::move(header));
}

void Table::add_row(std::vector<std::string> cells) {
    for (std::string& cell : cells)
        cell = printable(cell);
    rows_.push_back(std::move(cells));
}

std::string Table::render() const {
    std::vector<std::size_t> widths;
    for (const auto& row : rows_) {
        widths.resize(std::max(widths.size(), row.size()));
        for (std::size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    }
    std::string out;
    for (const auto& row : rows_) {
        std::string line;
        for (std::size_t i = 0; i < widths.size(); ++i) {
            const std::string& cell = i < row.size() ? row[i] : std::string();
            line += cell;
            if (i + 1 < widths.size()) line.append(widths[i] - cell.size() + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out += line + "\n";
    }
    return out;
}

}  // namespace ember::cli
