#include "base/json_list_splitter.h"

#include <utility>

namespace kexit {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

// Longer than any key the splitter looks for: "items".
constexpr std::size_t kKeyBytes = 8;

}  // namespace

JsonListSplitter::JsonListSplitter(ItemHandler on_item, std::size_t max_bytes)
    : on_item_(std::move(on_item)), max_bytes_(max_bytes) {}

Status JsonListSplitter::feed(std::string_view bytes) {
  for (char c : bytes) {
    if (!failed_) {
      break;
    }
    step(c);
  }
  if (failed_ && (item_.size() > max_bytes_ || rest_.size() > max_bytes_)) {
    failed_ = Error{"a list item, or the list around its items, is over " +
                    std::to_string(max_bytes_) + " bytes"};
  }
  return failed_;
}

void JsonListSplitter::step(char c) {
  if (in_items_) {
    step_in_items(c);
  } else {
    step_outside(c);
  }
}

bool JsonListSplitter::in_string(char c) {
  if (escaped_) {
    escaped_ = false;
    return true;
  }
  if (string_) {
    escaped_ = c == '\\';
    string_ = c != '"';
    return true;  // the closing quote too
  }
  string_ = c == '"';
  return string_;
}

// Inside the items array: its ',' at depth 2 ends an item, its ']' ends the array.
void JsonListSplitter::step_in_items(char c) {
  if (!in_string(c) && depth_ == 2 && (c == ',' || c == ']')) {
    end_item();
    if (c == ']') {
      in_items_ = false;
      depth_ = 1;
      rest_ += ']';
    }
    return;
  }
  if (!string_ && !escaped_ && c != '"') {
    depth_ += (c == '{' || c == '[') - (c == '}' || c == ']');
  }
  item_ += c;
}

void JsonListSplitter::step_outside(char c) {
  rest_ += c;
  const bool was_in_string = string_;
  if (in_string(c)) {
    if (depth_ == 1 && was_in_string && string_ && last_string_.size() <= kKeyBytes) {
      last_string_ += c;  // a key's text, escapes and all: "items" has none
    } else if (depth_ == 1 && !was_in_string) {
      last_string_.clear();
      after_colon_ = false;
    }
    return;
  }
  if (is_space(c)) {
    return;
  }
  if (depth_ == 1 && c == '[' && after_colon_ && last_string_ == "items") {
    in_items_ = true;
  }
  after_colon_ = depth_ == 1 && c == ':';
  depth_ += (c == '{' || c == '[') - (c == '}' || c == ']');
}

void JsonListSplitter::end_item() {
  std::string_view text = trimmed(item_);
  if (!text.empty()) {
    failed_ = on_item_(text);
  }
  item_.clear();
}

}  // namespace kexit
