#pragma once
// LogScan: every knowledge log pattern matched against a log's lines (RE2::Set), recording
// where each pattern matched, in time linear in the log's size: blocks of lines in which no
// line can match are passed over in one step.

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "knowledge/compiled_knowledge.h"

namespace kexit::diagnose {

struct PatternHits {
  std::size_t count = 0;
  // 1-based line numbers of the last matches; the end of a log is where a crash is explained.
  std::vector<std::size_t> last_lines;
};

class LogScan {
 public:
  // Scans `text`, which must outlive the LogScan.
  LogScan(const knowledge::CompiledKnowledge& knowledge, std::string_view text);

  std::size_t line_count() const { return line_starts_.size(); }
  // The text of a 1-based line, without its line ending.
  std::string_view line(std::size_t number) const;
  const PatternHits& hits(int pattern_index) const { return hits_[pattern_index]; }
  // True when the line lies inside a PEM block (whose lines are redacted whole).
  bool in_pem_block(std::size_t number) const;

  static constexpr std::size_t kMaxLinesPerPattern = 4;

 private:
  void index_lines();
  void find_pem_blocks();
  void match_patterns(const knowledge::CompiledKnowledge& knowledge);
  void record(std::size_t number, const std::vector<int>& matched);
  // The 1-based number of the line holding byte `offset`.
  std::size_t line_at(std::size_t offset) const;

  std::string_view text_;
  std::vector<std::size_t> line_starts_;
  std::vector<PatternHits> hits_;
  std::vector<std::pair<std::size_t, std::size_t>> pem_blocks_;
};

}  // namespace kexit::diagnose
