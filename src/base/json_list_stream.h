#pragma once
// Streaming a JSON document whose top level is a List ({"kind": "...List", "items": [...]}):
// each item is built alone and handed over as soon as it is complete, so a List of 100,000
// pods never sits in memory as one value.

#include <cstddef>
#include <functional>
#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/expected.h"
#include "base/json_dom_builder.h"

namespace kexit {

// What a streamed document left after its items were handed over.
struct StreamedJson {
  // The document; a top-level object's "items" array is left empty when it was streamed.
  nlohmann::json root;
  // Whether the top-level "items" array was streamed (and how many items it held).
  bool streamed_items = false;
  std::size_t item_count = 0;
};

// Called with each item of the top-level "items" array and its index. An error stops the
// parse and is returned as is.
using JsonItemHandler = std::function<Status(nlohmann::json item, std::size_t index)>;

// Parses JSON from `in` with the bounds of parse_json (kMaxNestingDepth). Syntax and depth
// errors name SOURCE:LINE:COLUMN, as parse_json's do: `reread` is called only then, to get
// the text the position is counted in (a file is read again; standard input was kept).
Expected<StreamedJson> stream_json_list(std::istream& in, const std::string& source,
                                        const JsonItemHandler& on_item,
                                        const std::function<Expected<std::string>()>& reread);

// The same over text already in memory.
Expected<StreamedJson> stream_json_list(std::string_view text, const std::string& source,
                                        const JsonItemHandler& on_item);

}  // namespace kexit
