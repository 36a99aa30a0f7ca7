#include "kube/request_trace.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

TracedExchange listing() {
  TracedExchange exchange;
  exchange.method = "GET";
  exchange.url = "https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500";
  exchange.request_headers = {{"Accept", "application/json"},
                              {"Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"},
                              {"Impersonate-User", "alice"}};
  exchange.status = 200;
  exchange.response_headers = {{"Content-Type", "application/json"}};
  exchange.latency = std::chrono::milliseconds(12);
  return exchange;
}

TEST(RequestTrace, NothingBelowSix) { EXPECT_TRUE(trace_lines(listing(), 5).empty()); }

TEST(RequestTrace, SixGivesMethodUrlStatusAndLatency) {
  EXPECT_EQ(trace_lines(listing(), 6),
            std::vector<std::string>{"GET https://127.0.0.1:6443/api/v1/namespaces/default/"
                                     "pods?limit=500 200 OK in 12 milliseconds"});
}

TEST(RequestTrace, SevenAddsRequestHeadersWithTheCredentialMasked) {
  EXPECT_EQ(trace_lines(listing(), 7),
            (std::vector<std::string>{
                "GET https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500",
                "Request Headers:", "    Accept: application/json",
                "    Authorization: Bearer <masked>", "    Impersonate-User: alice",
                "GET https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500 200 OK in 12 "
                "milliseconds"}));
}

TEST(RequestTrace, EightAddsResponseHeaders) {
  std::vector<std::string> lines = trace_lines(listing(), 8);
  ASSERT_EQ(lines.size(), 8u);
  EXPECT_EQ(lines[6], "Response Headers:");
  EXPECT_EQ(lines[7], "    Content-Type: application/json");
}

TEST(RequestTrace, AnUnansweredRequestHasNoStatus) {
  TracedExchange exchange = listing();
  exchange.status = 0;
  EXPECT_EQ(trace_lines(exchange, 8),
            (std::vector<std::string>{
                "GET https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500",
                "Request Headers:", "    Accept: application/json",
                "    Authorization: Bearer <masked>", "    Impersonate-User: alice",
                "GET https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500  in 12 "
                "milliseconds"}));
}

TEST(RequestTrace, StatusesHaveGosReasonPhrases) {
  EXPECT_EQ(status_text(404), "Not Found");
  EXPECT_EQ(status_text(429), "Too Many Requests");
  EXPECT_EQ(status_text(299), "");
}

TEST(RequestTrace, EveryCredentialHeaderIsMasked) {
  EXPECT_EQ(traced_header_value("authorization", "Basic YWxpY2U6c2VjcmV0"), "Basic <masked>");
  EXPECT_EQ(traced_header_value("Proxy-Authorization", "Basic YWxpY2U6c2VjcmV0"), "Basic <masked>");
  EXPECT_EQ(traced_header_value("Authorization", "opaque-token-without-scheme"), "<masked>");
  EXPECT_EQ(traced_header_value("User-Agent", "kexit/1.0"), "kexit/1.0");
}

}  // namespace
}  // namespace kexit::kube
