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

TEST(JsonFieldReader, StrictScalarsRefuseOtherTypes) {
  json object = {{"namespace", 2024}, {"insecure", "true"}, {"args", {"a", true}}};
  JsonFieldReader reader(object, "cfg", ".context");
  EXPECT_EQ(reader.string_field("namespace").error().to_string(),
            "cfg:.context.namespace: expected a string, got 2024");
  EXPECT_EQ(reader.bool_field("insecure").error().to_string(),
            "cfg:.context.insecure: expected true or false, got \"true\"");
  EXPECT_EQ(reader.string_list("args").error().to_string(),
            "cfg:.context.args[1]: expected a string, got true");
}

TEST(JsonFieldReader, ScalarsAsWrittenReadNumbersAndBooleansAsText) {
  json object = {{"child", {{"namespace", 2024}, {"ratio", 1.5}, {"insecure", "true"}}},
                 {"args", {"a", true, 7}},
                 {"labels", {{"tier", 1}}},
                 {"off", false}};
  JsonFieldReader root(object, "cfg", "", Scalars::kAsWritten);
  auto child = root.object_field("child");
  ASSERT_TRUE(child.ok());
  EXPECT_EQ(*child->string_field("namespace"), "2024");
  EXPECT_EQ(*child->string_field("ratio"), "1.5");
  EXPECT_EQ(*child->bool_field("insecure"), true);
  EXPECT_EQ(*child->bool_field("missing"), false);
  EXPECT_EQ(*root.bool_field("off"), false);
  EXPECT_EQ(*root.string_list("args"), (std::vector<std::string>{"a", "true", "7"}));
  EXPECT_EQ(root.string_map("labels")->at("tier"), "1");
  EXPECT_EQ(child->bool_field("namespace").error().to_string(),
            "cfg:.child.namespace: expected true or false, got 2024");
  EXPECT_EQ(root.string_field("child").error().to_string(),
            "cfg:.child: expected a string, got "
            "{\"insecure\":\"true\",\"namespace\":2024,\"ratio\":1.5}");
}

TEST(JsonFieldReader, WhereNamesTheObjectOrOneField) {
  json object = json::object();
  JsonFieldReader reader(object, "cfg", ".users[0]");
  EXPECT_EQ(reader.where(), "cfg:.users[0]");
  EXPECT_EQ(reader.where("user"), "cfg:.users[0].user");
}

}  // namespace
}  // namespace kexit
