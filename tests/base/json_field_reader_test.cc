#include "base/json_field_reader.h"

#include <gtest/gtest.h>

namespace kexit {
namespace {

using nlohmann::json;

TEST(JsonFieldReader, MissingAndNullReadAsEmpty) {
  json object = {{"name", nullptr}};
  JsonFieldReader reader(object, "f.yaml", "");
  EXPECT_EQ(*reader.string_field("name"), "");
  EXPECT_FALSE(reader.integer_field("code")->has_value());
  EXPECT_TRUE(reader.string_list("args")->empty());
  EXPECT_FALSE(reader.has("name"));
}

TEST(JsonFieldReader, WrongTypesNameFileAndPath) {
  json object = {{"pod", {{"exit_code", "101"}, {"args", {"a", 1}}}}};
  JsonFieldReader root(object, "f.yaml", "");
  auto pod = root.object_field("pod");
  ASSERT_TRUE(pod.ok());
  EXPECT_EQ(pod->integer_field("exit_code").error().to_string(),
            "f.yaml:.pod.exit_code: expected an integer, got \"101\"");
  EXPECT_EQ(pod->string_list("args").error().to_string(),
            "f.yaml:.pod.args[1]: expected a string, got 1");
}

}  // namespace
}  // namespace kexit
