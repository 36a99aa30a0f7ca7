#include "kubesim/object_store.h"

#include <gtest/gtest.h>

#include "kubesim/selectable_fields.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

const GroupResource kPods{"", "pods"};

ObjectStore make_store(std::size_t history = 100) {
  return ObjectStore(history, [](std::string_view storage, const json& object) {
    return selectable_fields(storage, object);
  });
}

json pod(const std::string& namespace_name, const std::string& name, const std::string& phase) {
  return {
      {"apiVersion", "v1"},
      {"kind", "Pod"},
      {"metadata", {{"name", name}, {"namespace", namespace_name}, {"labels", {{"app", name}}}}},
      {"status", {{"phase", phase}}}};
}

TEST(ObjectStore, StampsOneGlobalResourceVersionAndStoresWithoutTypeMeta) {
  ObjectStore store = make_store();
  auto first = store.create("pods", kPods, pod("a", "p1", "Running"));
  auto second =
      store.create("events", {"", "events"}, {{"metadata", {{"name", "e"}, {"namespace", "a"}}}});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*first)->resource_version + 1, (*second)->resource_version);
  json stored = json::parse((*first)->json);
  EXPECT_EQ(stored["metadata"]["resourceVersion"], std::to_string((*first)->resource_version));
  EXPECT_FALSE(stored.contains("kind"));
  EXPECT_EQ(store.resource_version(), (*second)->resource_version);
}

TEST(ObjectStore, CreateRejectsDuplicatesAndUpdateRejectsMissing) {
  ObjectStore store = make_store();
  ASSERT_TRUE(store.create("pods", kPods, pod("a", "p1", "Running")).ok());
  auto duplicate = store.create("pods", kPods, pod("a", "p1", "Running"));
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().message, "pods \"p1\" already exists");
  auto missing = store.update("pods", kPods, "a", "nope", [](json&) { return std::nullopt; });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, 404);
  EXPECT_EQ(missing.error().message, "pods \"nope\" not found");
}

TEST(ObjectStore, ListsInKeyOrderWithNamespaceSelectorsAndPages) {
  ObjectStore store = make_store();
  store.put("pods", pod("b", "p3", "Failed"));
  store.put("pods", pod("a", "p2", "Running"));
  store.put("pods", pod("a", "p1", "Failed"));
  store.put("pods", pod("ab", "p0", "Failed"));
  ListQuery query;
  query.storage = "pods";
  ListPage all = store.list(query);
  ASSERT_EQ(all.items.size(), 4u);
  EXPECT_EQ(all.items[0]->key, "a/p1");
  EXPECT_EQ(all.items[3]->key, "b/p3");

  query.namespace_name = "a";
  EXPECT_EQ(store.list(query).items.size(), 2u);

  auto failed = FieldSelector::parse("status.phase=Failed");
  query.namespace_name.clear();
  query.fields = &*failed;
  EXPECT_EQ(store.list(query).items.size(), 3u);

  query.fields = nullptr;
  query.limit = 3;
  ListPage page = store.list(query);
  EXPECT_TRUE(page.more);
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.remaining, std::optional<std::size_t>(1));
  query.start_after = page.items.back()->key;
  ListPage rest = store.list(query);
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_FALSE(rest.more);
  EXPECT_EQ(rest.items[0]->key, "b/p3");
}

TEST(ObjectStore, HistoryCarriesPreviousStatesAndCompacts) {
  ObjectStore store = make_store(3);
  std::uint64_t start = store.resource_version();
  store.put("pods", pod("a", "p1", "Pending"));
  ASSERT_TRUE(store
                  .update("pods", kPods, "a", "p1",
                          [](json& object) {
                            object["status"]["phase"] = "Running";
                            return std::nullopt;
                          })
                  .ok());
  ASSERT_TRUE(store.remove("pods", kPods, "a", "p1").ok());
  ChangeRead read = store.read_changes("pods", start, 10);
  ASSERT_FALSE(read.expired);
  ASSERT_EQ(read.changes.size(), 3u);
  EXPECT_EQ(read.changes[0].type, ChangeType::Added);
  EXPECT_EQ(read.changes[1].type, ChangeType::Modified);
  EXPECT_NE(read.changes[1].previous->json.find("Pending"), std::string::npos);
  EXPECT_EQ(read.changes[2].type, ChangeType::Deleted);
  // The deleted object carries the deletion's resourceVersion.
  EXPECT_EQ(json::parse(read.changes[2].object->json)["metadata"]["resourceVersion"],
            std::to_string(read.changes[2].resource_version));

  store.put("pods", pod("a", "p2", "Pending"));  // pushes the first change out of the window
  EXPECT_TRUE(store.read_changes("pods", start, 10).expired);
  EXPECT_FALSE(store.read_changes("pods", start + 1, 10).expired);
  store.compact();
  ChangeRead after = store.read_changes("pods", start + 1, 10);
  EXPECT_TRUE(after.expired);
  EXPECT_EQ(after.compacted, store.resource_version());
}

}  // namespace
}  // namespace kexit::kubesim
