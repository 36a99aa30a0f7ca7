#include "report/tab_table.h"

#include <algorithm>

#include "base/utf8_text.h"

namespace kexit::report {
namespace {

// kubectl's printers.NewTabWriter: minwidth 6 (padding included), padding 3.
constexpr std::size_t kMinWidth = 6;
constexpr std::size_t kPadding = 3;

// Code points, as Go's tabwriter counts them, so names with accents stay aligned.
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

std::string render_tab_table(const std::vector<TableRow>& cells, const CellPainter& paint) {
  // Names, images and reasons come from the cluster: no escape sequence or line break of
  // theirs reaches the terminal or breaks a row.
  std::vector<TableRow> rows = cells;
  for (auto& row : rows) {
    for (auto& cell : row) {
      cell = printable(cell);
    }
  }
  std::size_t columns = 0;
  for (const auto& row : rows) {
    columns = std::max(columns, row.size());
  }
  // Widths of every column but the last, which is written as it is.
  std::vector<std::size_t> widths(columns == 0 ? 0 : columns - 1, kMinWidth);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i + 1 < columns && i < row.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]) + kPadding);
    }
  }
  auto shown = [&](std::size_t row, std::size_t column, const std::string& cell) {
    return paint && !cell.empty() ? paint(row, column, cell) : cell;
  };
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const TableRow& row = rows[r];
    for (std::size_t i = 0; i + 1 < columns; ++i) {
      const std::string cell = i < row.size() ? row[i] : std::string();
      out += shown(r, i, cell);
      out.append(widths[i] - display_width(cell), ' ');
    }
    if (columns != 0 && row.size() == columns) {
      out += shown(r, columns - 1, row.back());
    }
    out += "\n";
  }
  return out;
}

}  // namespace kexit::report
