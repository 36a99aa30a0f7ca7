#include "report/tab_table.h"

#include <gtest/gtest.h>

namespace kexit::report {
namespace {

TEST(TabTable, ColumnsAreTheWidestCellPlusThreeAndTheLastIsNotPadded) {
  EXPECT_EQ(render_tab_table({{"NAMESPACE", "POD", "AGE"},
                              {"shop", "payments-api-7d9c8b6f5-m8kzp", "45s"},
                              {"data", "x", "3m10s"}}),
            "NAMESPACE   POD                            AGE\n"
            "shop        payments-api-7d9c8b6f5-m8kzp   45s\n"
            "data        x                              3m10s\n");
}

// Go's tabwriter as kubectl sets it up: minwidth 6, padding included.
TEST(TabTable, ANarrowColumnIsStillSixWide) {
  EXPECT_EQ(render_tab_table({{"A", "B"}, {"1", "2"}}),
            "A     B\n"
            "1     2\n");
}

TEST(TabTable, WidthCountsCodePointsNotBytes) {
  EXPECT_EQ(render_tab_table({{"café-api", "x"}, {"ab", "y"}}),
            "café-api   x\n"
            "ab         y\n");
}

// Cells come from the cluster: an escape sequence or a line break is shown, not obeyed.
TEST(TabTable, ControlCharactersInCellsAreShownAsReplacements) {
  EXPECT_EQ(render_tab_table({{"a\x1b[31m", "b\nc"}}),
            "a\xEF\xBF\xBD[31m   b\xEF\xBF\xBD"
            "c\n");
}

// A painted cell is padded by its plain width, so colour does not move the next column.
TEST(TabTable, APaintedCellKeepsTheColumnsOfItsPlainText) {
  auto paint = [](std::size_t row, std::size_t column, const std::string& cell) {
    return row == 1 && column == 0 ? "<" + cell + ">" : cell;
  };
  EXPECT_EQ(render_tab_table({{"NAME", "AGE"}, {"api", "45s"}, {"", "1m"}}, paint),
            "NAME   AGE\n"
            "<api>    45s\n"
            "       1m\n");
}

TEST(TabTable, NoRowsIsNoText) { EXPECT_EQ(render_tab_table({}), ""); }

}  // namespace
}  // namespace kexit::report
