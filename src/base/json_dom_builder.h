#pragma once
// A SAX handler for nlohmann::json that builds the document like json::parse but stops at
// kMaxNestingDepth, so every later walk of the value (copying, comparing, redacting,
// printing, all recursive) stays within a bounded stack.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kexit {

class JsonDomBuilder {
 public:
  using json = nlohmann::json;

  // How the parse stopped early: past the depth limit, or at a syntax error.
  struct Stop {
    bool too_deep = false;
    std::size_t byte = 0;  // syntax errors: nlohmann's 1-based byte position
    std::string what;      // syntax errors: nlohmann's message
  };

  // `base_depth`: the levels already open above this value, when it is one item of a larger
  // document (a List's item is built alone, two levels down).
  explicit JsonDomBuilder(int base_depth = 0) : base_depth_(base_depth) {}

  bool null() { return add(nullptr); }
  bool boolean(bool value) { return add(value); }
  bool number_integer(json::number_integer_t value) { return add(value); }
  bool number_unsigned(json::number_unsigned_t value) { return add(value); }
  bool number_float(json::number_float_t value, const json::string_t&) { return add(value); }
  bool string(json::string_t& value) { return add(std::move(value)); }
  bool binary(json::binary_t& value) { return add(json::binary(std::move(value))); }
  bool start_object(std::size_t) { return open(json::object()); }
  bool key(json::string_t& name);
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string&, const json::exception& error);

  json take() { return std::move(root_); }
  const std::optional<Stop>& stop() const { return stop_; }

 private:
  bool add(json value);
  bool open(json container);
  bool close();

  int base_depth_ = 0;
  json root_;
  std::vector<json*> open_;
  json* pending_member_ = nullptr;
  std::optional<Stop> stop_;
};

// The byte offset of the bracket that opens level `depth` + 1 in JSON text that is valid up
// to there, for pointing at where a depth limit was passed.
std::size_t offset_past_depth(std::string_view text, int depth);

}  // namespace kexit
