#include "diagnose/log_scan.h"

#include "base/utf8_text.h"
#include "diagnose/pem_markers.h"

namespace kexit::diagnose {

LogScan::LogScan(const knowledge::CompiledKnowledge& knowledge, std::string_view text)
    : text_(text), hits_(knowledge.log_patterns().size()) {
  const bool any_patterns = !knowledge.log_patterns().empty();
  std::vector<int> matched;
  std::size_t start = 0;
  std::size_t pem_start = 0;
  bool in_pem = false;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    line_starts_.push_back(start);
    const std::size_t number = line_starts_.size();
    std::string_view content = text.substr(start, end - start);
    if (!content.empty() && content.back() == '\r') {
      content.remove_suffix(1);
    }
    if (!in_pem && is_pem_begin(content)) {
      in_pem = true;
      pem_start = number;
    }
    if (in_pem && is_pem_end(content)) {
      in_pem = false;
      pem_blocks_.emplace_back(pem_start, number);
    }
    matched.clear();
    // A byte that is not UTF-8 (a Latin-1 name, binary noise) would hide the whole line from
    // patterns that cross it; match such a line with U+FFFD in its place.
    std::string repaired;
    if (any_patterns && !is_utf8(content)) {
      repaired = repair_utf8(content);
      content = repaired;
    }
    if (any_patterns && knowledge.log_pattern_set().Match(content, &matched)) {
      for (int index : matched) {
        PatternHits& hit = hits_[index];
        ++hit.count;
        if (hit.last_lines.size() == kMaxLinesPerPattern) {
          hit.last_lines.erase(hit.last_lines.begin());
        }
        hit.last_lines.push_back(number);
      }
    }
    start = end + 1;
  }
  if (in_pem) {
    pem_blocks_.emplace_back(pem_start, line_starts_.size());
  }
}

std::string_view LogScan::line(std::size_t number) const {
  if (number == 0 || number > line_starts_.size()) {
    return {};
  }
  std::size_t start = line_starts_[number - 1];
  std::size_t end = number < line_starts_.size() ? line_starts_[number] - 1 : text_.size();
  std::string_view content = text_.substr(start, end - start);
  if (!content.empty() && content.back() == '\n') {
    content.remove_suffix(1);
  }
  if (!content.empty() && content.back() == '\r') {
    content.remove_suffix(1);
  }
  return content;
}

bool LogScan::in_pem_block(std::size_t number) const {
  for (const auto& [first, last] : pem_blocks_) {
    if (number >= first && number <= last) {
      return true;
    }
  }
  return false;
}

}  // namespace kexit::diagnose
