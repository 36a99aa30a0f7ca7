#pragma once
// JsonListSplitter: the text of a List ({"items": [...], "metadata": {...}}) pushed in chunks as
// it arrives, each item's text handed over as soon as it is complete, so a list of 100,000 pods
// read from the network is never in memory whole (stream_json_list pulls from a stream; an
// HTTP body is pushed).

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "base/expected.h"

namespace kexit {

class JsonListSplitter {
 public:
  // Called with the text of each element of the top-level "items" array. An error stops the
  // splitter and is returned by feed() from then on.
  using ItemHandler = std::function<Status(std::string_view item_text)>;

  // An item, or the document around the items, longer than `max_bytes` is an error.
  JsonListSplitter(ItemHandler on_item, std::size_t max_bytes);

  // The next bytes of the document. The text is only split here; the handler and the caller
  // of rest() parse it, so JSON that is not well-formed is found there.
  Status feed(std::string_view bytes);

  // The document so far without its items ("items":[]): once the body has ended, the List's
  // metadata. A document cut short leaves it unbalanced, so parsing it fails.
  const std::string& rest() const { return rest_; }

 private:
  void step(char c);
  void step_in_items(char c);
  void step_outside(char c);
  // Tracks strings (and the escapes in them); true while `c` belongs to one.
  bool in_string(char c);
  void end_item();

  ItemHandler on_item_;
  std::size_t max_bytes_;
  Status failed_ = ok_status();
  std::string rest_;
  std::string item_;
  int depth_ = 0;
  bool string_ = false;
  bool escaped_ = false;
  bool in_items_ = false;
  // Of the top-level object: the last string read and whether a ':' followed it, so the '['
  // of "items": [ is told from any other array.
  std::string last_string_;
  bool after_colon_ = false;
};

}  // namespace kexit
