#include "base/json_dom_builder.h"

#include "base/nesting_limits.h"

namespace kexit {

bool JsonDomBuilder::key(json::string_t& name) {
  pending_member_ = &(*open_.back())[std::move(name)];
  return true;
}

bool JsonDomBuilder::parse_error(std::size_t position, const std::string&,
                                 const json::exception& error) {
  stop_ = Stop{false, position, error.what()};
  return false;
}

bool JsonDomBuilder::add(json value) {
  if (open_.empty()) {
    root_ = std::move(value);
  } else if (open_.back()->is_array()) {
    open_.back()->push_back(std::move(value));
  } else {
    *pending_member_ = std::move(value);
  }
  return true;
}

bool JsonDomBuilder::open(json container) {
  if (base_depth_ + static_cast<int>(open_.size()) >= kMaxNestingDepth) {
    stop_ = Stop{true, 0, ""};
    return false;
  }
  json* slot = nullptr;
  if (open_.empty()) {
    root_ = std::move(container);
    slot = &root_;
  } else if (open_.back()->is_array()) {
    open_.back()->push_back(std::move(container));
    slot = &open_.back()->back();
  } else {
    *pending_member_ = std::move(container);
    slot = pending_member_;
  }
  open_.push_back(slot);
  return true;
}

bool JsonDomBuilder::close() {
  open_.pop_back();
  return true;
}

std::size_t offset_past_depth(std::string_view text, int depth) {
  int level = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++level > depth) {
        return i;
      }
    } else if (c == '}' || c == ']') {
      --level;
    }
  }
  return text.size();
}

}  // namespace kexit
