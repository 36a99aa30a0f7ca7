#pragma once
// TabTable: rows of cells laid out as kubectl's table printer lays them out (Go's text/tabwriter
// with kubectl's settings: left aligned, 3 spaces of padding, columns at least 6 wide).

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace kexit::report {

using TableRow = std::vector<std::string>;

// Every column but the last is as wide as its widest cell (in code points) plus 3, and at
// least 6; the last is not padded. Rows may have different lengths; a missing cell is empty.
// Each cell is shown printable (base/utf8_text.h): control characters become U+FFFD.
// `paint`, when given, writes a cell (already printable) as it is shown, e.g. in colour: the
// widths and padding are those of the plain text, so escape sequences do not move a column.
using CellPainter =
    std::function<std::string(std::size_t row, std::size_t column, const std::string& cell)>;
std::string render_tab_table(const std::vector<TableRow>& cells, const CellPainter& paint = {});

}  // namespace kexit::report
