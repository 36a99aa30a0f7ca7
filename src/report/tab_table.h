#pragma once
// TabTable: rows of cells laid out as kubectl's table printer lays them out (Go's text/tabwriter
// with kubectl's settings: left aligned, 3 spaces of padding, columns at least 6 wide).

#include <string>
#include <vector>

namespace kexit::report {

using TableRow = std::vector<std::string>;

// Every column but the last is as wide as its widest cell (in code points) plus 3, and at
// least 6; the last is not padded. Rows may have different lengths; a missing cell is empty.
// Each cell is shown printable (base/utf8_text.h): control characters become U+FFFD.
std::string render_tab_table(const std::vector<TableRow>& cells);

}  // namespace kexit::report
