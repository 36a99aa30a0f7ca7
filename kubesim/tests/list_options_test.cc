#include "kubesim/list_options.h"

#include <gtest/gtest.h>

namespace kexit::kubesim {
namespace {

const ResourceType& pods() { return *find_resource("", "v1", "pods"); }
const ResourceType& events_v1() { return *find_resource("events.k8s.io", "v1", "events"); }

HttpRequest with_query(std::initializer_list<std::pair<const char*, const char*>> query) {
  HttpRequest request;
  for (const auto& [key, value] : query) {
    request.query.emplace(key, value);
  }
  return request;
}

TEST(ListOptions, ParsesWatchParameters) {
  auto options = parse_list_options(with_query({{"watch", "true"},
                                                {"allowWatchBookmarks", "1"},
                                                {"timeoutSeconds", "300"},
                                                {"resourceVersion", "42"},
                                                {"labelSelector", "app=web"}}),
                                    pods());
  ASSERT_TRUE(options.ok());
  EXPECT_TRUE(options->watch);
  EXPECT_TRUE(options->allow_bookmarks);
  EXPECT_EQ(options->timeout_seconds, 300);
  EXPECT_EQ(options->resource_version, "42");
  EXPECT_TRUE(options->has_labels);
}

TEST(ListOptions, ValidatesLikeTheApiserver) {
  auto unsupported =
      parse_list_options(with_query({{"fieldSelector", "spec.containers=x"}}), pods());
  ASSERT_FALSE(unsupported.ok());
  EXPECT_EQ(unsupported.error().code, 400);
  EXPECT_EQ(unsupported.error().message, "field label not supported: spec.containers");
  auto match = parse_list_options(
      with_query(
          {{"resourceVersionMatch", "NotOlderThan"}, {"continue", "x"}, {"resourceVersion", "1"}}),
      pods());
  ASSERT_FALSE(match.ok());
  EXPECT_EQ(match.error().code, 422);
  EXPECT_EQ(match.error().message,
            "ListOptions \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "
            "is forbidden when continue is provided");
  EXPECT_FALSE(parse_list_options(with_query({{"sendInitialEvents", "true"}}), pods()).ok());
  EXPECT_FALSE(parse_list_options(with_query({{"watch", "maybe"}}), pods()).ok());
}

TEST(ListOptions, ConvertsEventsV1FieldLabels) {
  auto options = parse_list_options(
      with_query({{"fieldSelector", "regarding.name=web,type=Warning"}}), events_v1());
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->fields.exact_value("involvedObject.name"), "web");
}

TEST(ListOptions, ContinueTokensRoundTripAndRejectGarbage) {
  std::string token = encode_continue({1234, "shop/web-1"});
  auto decoded = decode_continue(token);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->resource_version, 1234u);
  EXPECT_EQ(decoded->start_after, "shop/web-1");
  EXPECT_FALSE(decode_continue("not-a-token").has_value());
  EXPECT_EQ(parse_bool("True"), true);
  EXPECT_EQ(parse_bool("0"), false);
  EXPECT_FALSE(parse_bool("yes").has_value());
}

}  // namespace
}  // namespace kexit::kubesim
