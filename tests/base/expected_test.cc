#include "base/expected.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kexit {
namespace {

Expected<int> parse_digit(char c) {
  if (c < '0' || c > '9') {
    return Error{std::string("\"") + c + "\" is not a digit", "input"};
  }
  return c - '0';
}

// Two digits into the fields of a struct, one line each.
struct Pair {
  int first = -1;
  int second = -1;
};

Expected<Pair> parse_pair(const std::string& text) {
  Pair pair;
  KEXIT_ASSIGN_TO(pair.first, parse_digit(text.at(0)));
  KEXIT_ASSIGN_TO(pair.second, parse_digit(text.at(1)));
  return pair;
}

TEST(Expected, AssignToFillsExistingPlaces) {
  auto pair = parse_pair("42");
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_EQ(pair->first, 4);
  EXPECT_EQ(pair->second, 2);
}

TEST(Expected, AssignToReturnsTheFirstError) {
  auto pair = parse_pair("4x");
  ASSERT_FALSE(pair.ok());
  EXPECT_EQ(pair.error().to_string(), "input: \"x\" is not a digit");
}

Status append_digit(char c, std::vector<int>& digits) {
  digits.emplace_back();
  KEXIT_ASSIGN_TO(digits.back(), parse_digit(c));
  return ok_status();
}

TEST(Expected, AssignToWorksInAStatusFunction) {
  std::vector<int> digits;
  ASSERT_TRUE(append_digit('7', digits).ok());
  EXPECT_EQ(digits, std::vector<int>{7});
  Status failed = append_digit('-', digits);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().to_string(), "input: \"-\" is not a digit");
}

TEST(Error, WithoutAPlaceIsJustTheMessage) {
  Error error{"cannot reach the API server; check the server URL"};
  EXPECT_EQ(error.where, "");
  EXPECT_EQ(error.to_string(), "cannot reach the API server; check the server URL");
  EXPECT_EQ((Error{"bad value", "pod.json:.spec"}).to_string(), "pod.json:.spec: bad value");
}

}  // namespace
}  // namespace kexit
