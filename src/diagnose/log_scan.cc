#include "diagnose/log_scan.h"

#include <algorithm>
#include <cstring>

#include "base/utf8_text.h"
#include "diagnose/pem_markers.h"

namespace kexit::diagnose {
namespace {

// Lines are matched a block at a time first: one RE2::Set pass over 64 KiB costs what one
// pass over a line costs plus the bytes, where a call per line costs far more than its bytes
// in a log of short lines. Most blocks of a long log match nothing and are done then.
constexpr std::size_t kBlockBytes = 64 * 1024;

std::string_view without_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

}  // namespace

LogScan::LogScan(const knowledge::CompiledKnowledge& knowledge, std::string_view text)
    : text_(text), hits_(knowledge.log_patterns().size()) {
  index_lines();
  find_pem_blocks();
  if (!knowledge.log_patterns().empty()) {
    match_patterns(knowledge);
  }
}

void LogScan::index_lines() {
  // Room for lines of 64 bytes on average, so a long log is not copied while it is indexed.
  line_starts_.reserve(text_.size() / 64 + 1);
  std::size_t start = 0;
  while (start < text_.size()) {
    line_starts_.push_back(start);
    const void* newline = std::memchr(text_.data() + start, '\n', text_.size() - start);
    if (newline == nullptr) {
      break;
    }
    start = static_cast<std::size_t>(static_cast<const char*>(newline) - text_.data()) + 1;
  }
}

// Only lines holding "-----" can be PEM markers: jump from one to the next.
void LogScan::find_pem_blocks() {
  std::size_t pem_start = 0;
  bool in_pem = false;
  std::size_t from = 0;
  while (true) {
    const std::size_t dashes = text_.find("-----", from);
    if (dashes == std::string_view::npos) {
      break;
    }
    const std::size_t number = line_at(dashes);
    const std::string_view content = line(number);
    if (!in_pem && is_pem_begin(content)) {
      in_pem = true;
      pem_start = number;
    }
    if (in_pem && is_pem_end(content)) {
      in_pem = false;
      pem_blocks_.emplace_back(pem_start, number);
    }
    from = number < line_starts_.size() ? line_starts_[number] : text_.size();
  }
  if (in_pem) {
    pem_blocks_.emplace_back(pem_start, line_starts_.size());
  }
}

void LogScan::match_patterns(const knowledge::CompiledKnowledge& knowledge) {
  const std::size_t lines = line_starts_.size();
  std::size_t first = 0;
  std::vector<int> matched;
  // A log of one block goes line by line: compiling the block automaton costs a few ms of
  // CPU, more than matching a block's lines one by one.
  const bool prefilter = text_.size() > kBlockBytes;
  while (first < lines) {
    // The lines that start within kBlockBytes of the first one (at least one line).
    const auto block_end = std::upper_bound(line_starts_.begin() + static_cast<long>(first) + 1,
                                            line_starts_.end(), line_starts_[first] + kBlockBytes);
    const std::size_t last = static_cast<std::size_t>(block_end - line_starts_.begin());
    const std::size_t end = last < lines ? line_starts_[last] : text_.size();
    const std::string_view block = text_.substr(line_starts_[first], end - line_starts_[first]);
    // A byte that is not UTF-8 (a Latin-1 name, binary noise) hides a line from the patterns
    // that cross it: such a block goes line by line, each bad line with U+FFFD in its place.
    const bool utf8 = is_utf8(block);
    if (!prefilter || !utf8 || knowledge.log_block_may_match(block)) {
      for (std::size_t number = first + 1; number <= last; ++number) {
        std::string_view content = line(number);
        std::string repaired;
        if (!utf8 && !is_utf8(content)) {
          repaired = repair_utf8(content);
          content = repaired;
        }
        matched.clear();
        if (knowledge.log_pattern_set().Match(content, &matched)) {
          record(number, matched);
        }
      }
    }
    first = last;
  }
}

void LogScan::record(std::size_t number, const std::vector<int>& matched) {
  for (int index : matched) {
    PatternHits& hit = hits_[index];
    ++hit.count;
    if (hit.last_lines.size() == kMaxLinesPerPattern) {
      hit.last_lines.erase(hit.last_lines.begin());
    }
    hit.last_lines.push_back(number);
  }
}

std::size_t LogScan::line_at(std::size_t offset) const {
  return static_cast<std::size_t>(
      std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - line_starts_.begin());
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
  return without_cr(content);
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
