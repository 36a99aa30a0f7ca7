#include "agent/web_page.h"

#include <gtest/gtest.h>

namespace kexit::agent {
namespace {

WebTermination termination(const std::string& namespace_name, const std::string& pod,
                           const std::string& cause) {
  WebTermination t;
  t.namespace_name = namespace_name;
  t.pod = pod;
  t.container = "app";
  t.cause = cause;
  t.confidence = "0.85";
  t.summary = "Container \"app\" exited";
  return t;
}

std::size_t count_of(const std::string& html, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

const std::vector<WebTermination> kTerminations = {termination("shop", "api-1", "oom-killed"),
                                                   termination("shop", "web-1", "rust-panic"),
                                                   termination("data", "etl-1", "oom-killed")};

TEST(WebPage, FiltersByNamespaceAndCause) {
  EXPECT_EQ(count_of(render_web_page(kTerminations, {}, ""), "<tr class=\"termination\""), 3u);
  auto shop = render_web_page(kTerminations, {"shop", ""}, "");
  EXPECT_EQ(count_of(shop, "<tr class=\"termination\""), 2u);
  EXPECT_NE(shop.find("<p id=\"count\">2 of 3 terminations"), std::string::npos);
  EXPECT_NE(shop.find("<option value=\"shop\" selected>"), std::string::npos);
  auto oom = render_web_page(kTerminations, {"", "oom-killed"}, "");
  EXPECT_EQ(count_of(oom, "data-cause=\"oom-killed\""), 2u);
  EXPECT_EQ(count_of(oom, "data-cause=\"rust-panic\""), 0u);
  // The filters still offer every namespace and cause, so a narrowed page can be widened.
  EXPECT_NE(oom.find("<option value=\"rust-panic\">"), std::string::npos);
  auto both = render_web_page(kTerminations, {"shop", "oom-killed"}, "");
  EXPECT_EQ(count_of(both, "<tr class=\"termination\""), 1u);
  EXPECT_NE(both.find(">api-1<"), std::string::npos);
}

TEST(WebPage, EscapesEveryStringFromTheCluster) {
  auto hostile = termination("ns\"><script>", "<img src=x onerror=alert(1)>", "c'<b>");
  hostile.evidence = "</td></tr><script>alert(1)</script>";
  hostile.fix = "kubectl logs \"&amp;\"";
  // The query is the hostile namespace too: the filter shows it as the selected option.
  auto html = render_web_page({hostile}, {hostile.namespace_name, ""}, "cannot <list>");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<list>"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(html.find("data-namespace=\"ns&quot;&gt;&lt;script&gt;\""), std::string::npos);
  EXPECT_NE(html.find("kubectl logs &quot;&amp;amp;&quot;"), std::string::npos);
  EXPECT_NE(html.find("cannot &lt;list&gt;"), std::string::npos);
  EXPECT_NE(html.find("<option value=\"ns&quot;&gt;&lt;script&gt;\" selected>"), std::string::npos);
}

TEST(WebPage, LoadsNothingInlineOrFromElsewhere) {
  auto html = render_web_page(kTerminations, {}, "");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<style"), std::string::npos);
  EXPECT_EQ(html.find("style="), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_NE(html.find("<link rel=\"stylesheet\" href=\"/kexit.css\">"), std::string::npos);
}

}  // namespace
}  // namespace kexit::agent
