#include "kube/api_status.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

TEST(ApiStatus, DecodesAStatusBody) {
  ApiStatus status = decode_api_status(
      404,
      R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404})");
  EXPECT_EQ(status.code, 404);
  EXPECT_EQ(status.reason, "NotFound");
  EXPECT_EQ(status.message, "pods \"x\" not found");
  EXPECT_EQ(status.details_name, "x");
  EXPECT_EQ(status.details_kind, "pods");
}

TEST(ApiStatus, DecodesThePlainTextOfPriorityAndFairness) {
  ApiStatus status = decode_api_status(429, "Too many requests, please try again later.\n");
  EXPECT_EQ(status.code, 429);
  EXPECT_EQ(status.reason, "TooManyRequests");
  EXPECT_EQ(status.message, "Too many requests, please try again later.");
}

TEST(ApiStatus, KeepsRetryAfterAndContinue) {
  ApiStatus status = decode_api_status(
      410,
      R"({"kind":"Status","metadata":{"continue":"abc"},"reason":"Expired","code":410,"details":{"retryAfterSeconds":3}})");
  EXPECT_TRUE(is_expired(status));
  EXPECT_EQ(status.continue_token, "abc");
  EXPECT_EQ(status.retry_after_seconds, 3);
}

TEST(ApiStatus, FallsBackToTheHttpStatus) {
  ApiStatus empty = decode_api_status(503, "");
  EXPECT_EQ(empty.reason, "ServiceUnavailable");
  EXPECT_EQ(empty.message, "");
  ApiStatus other_json = decode_api_status(500, R"({"error":"boom"})");
  EXPECT_EQ(other_json.message, R"({"error":"boom"})");
  EXPECT_FALSE(is_expired(empty));
  EXPECT_TRUE(is_expired(decode_api_status(410, "")));
}

}  // namespace
}  // namespace kexit::kube
