#include "base/html_text.h"

#include <gtest/gtest.h>

namespace kexit {
namespace {

TEST(HtmlText, EscapesEveryCharacterThatEndsTextOrAnAttribute) {
  EXPECT_EQ(html_text("</td><script>alert(\"x\")</script> & 'y'"),
            "&lt;/td&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
  // An entity in the input is shown as written, not decoded by the browser.
  EXPECT_EQ(html_text("&amp;"), "&amp;amp;");
}

TEST(HtmlText, KeepsUtf8AndReplacesControlsAndInvalidBytes) {
  EXPECT_EQ(html_text("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(html_text("a\x1b[31m\xFF"), "a\xEF\xBF\xBD[31m\xEF\xBF\xBD");
}

}  // namespace
}  // namespace kexit
