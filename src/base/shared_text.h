#pragma once
// SharedText: immutable text that is either an owned string or a view into memory another
// object keeps alive (a mapped file), shared by its copies.

#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace kexit {

class SharedText {
 public:
  SharedText() = default;
  // Owns the text.
  SharedText(std::string text)  // NOLINT: implicit, a string is the common case
      : SharedText(std::make_shared<const std::string>(std::move(text))) {}
  SharedText(const char* text) : SharedText(std::string(text)) {}  // NOLINT: as std::string
  // Views `text`, which stays valid while `owner` lives (the mapping that holds it).
  SharedText(std::shared_ptr<const void> owner, std::string_view text)
      : owner_(std::move(owner)), view_(text) {}

  std::string_view view() const { return view_; }
  operator std::string_view() const { return view_; }  // NOLINT: read where a view is read
  bool empty() const { return view_.empty(); }
  std::size_t size() const { return view_.size(); }

  friend bool operator==(const SharedText& text, std::string_view other) {
    return text.view_ == other;
  }

 private:
  explicit SharedText(std::shared_ptr<const std::string> owned) : owner_(owned), view_(*owned) {}

  // Copies share the bytes: a log tail can be hundreds of megabytes and is only read.
  std::shared_ptr<const void> owner_;
  std::string_view view_;
};

}  // namespace kexit
