#include "base/html_text.h"

#include "base/utf8_text.h"

namespace kexit {

std::string html_text(std::string_view text) {
  std::string out;
  const std::string shown = printable(text);
  out.reserve(shown.size());
  for (char c : shown) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace kexit
