#include "cli/inspection_save.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/file_reading.h"
#include "knowledge/compiled_knowledge.h"
#include "knowledge/knowledge_loader.h"
#include "kube/api_time.h"
#include "kube/pod_parser.h"

namespace kexit::cli {
namespace {

using nlohmann::json;

std::shared_ptr<const knowledge::CompiledKnowledge> built_in_knowledge() {
  auto loaded = knowledge::load_knowledge_files(knowledge::embedded_files());
  std::vector<Error> errors;
  auto compiled = knowledge::CompiledKnowledge::compile(std::move(loaded.set), errors);
  EXPECT_TRUE(compiled.ok());
  return *compiled;
}

const char* kPod = R"({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "api-1", "namespace": "shop", "uid": "u-1",
               "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"DB_PASSWORD\":\"hunter2\"}"}},
  "spec": {"restartPolicy": "Always", "nodeName": "node-a", "containers": [{
    "name": "app", "image": "api:1",
    "env": [{"name": "DB_PASSWORD", "value": "hunter2"},
            {"name": "JAVA_TOOL_OPTIONS", "value": "-Xmx1g"}]}]},
  "status": {"phase": "Running", "containerStatuses": [{
    "name": "app", "restartCount": 2,
    "state": {"waiting": {"reason": "CrashLoopBackOff"}},
    "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
      "message": "Authorization: Bearer c2VjcmV0LXRva2VuLXZhbHVl",
      "startedAt": "2026-11-29T10:00:00Z", "finishedAt": "2026-11-29T10:00:30Z"}}}]}
})";

class InspectionSaveTest : public testing::Test {
 protected:
  void SetUp() override {
    directory_ = ::testing::TempDir() + "/save-" + std::to_string(getpid());
    std::filesystem::remove_all(directory_);
    kube::CollectedPod pod;
    pod.object = json::parse(kPod);
    auto facts = kube::parse_pod(pod.object, "pod");
    ASSERT_TRUE(facts.ok()) << facts.error().to_string();
    pod.facts = std::move(facts).value();
    kube::EventFacts event;
    event.type = "Warning";
    event.reason = "BackOff";
    event.message = "Back-off restarting failed container app";
    event.source = "kubelet";
    event.count = 7;
    event.first_time = "2026-11-29T10:00:31Z";
    event.last_time = "2026-11-29T10:05:00Z";
    event.object_kind = "Pod";
    event.object_namespace = "shop";
    event.object_name = "api-1";
    event.object_uid = "u-1";
    event.field_path = "spec.containers{app}";
    pod.facts.events = {event};
    pod.facts.evidence_notes = {"node Events not read: forbidden"};
    pod.facts.conditions.push_back("Job Failed=True: DeadlineExceeded: too long");
    kube::ContainerLog log;
    log.text = "starting\ncurl -H 'Authorization: Bearer c2VjcmV0LXRva2VuLXZhbHVl'\nfailed\n";
    log.origin = kube::LogOrigin::kPreviousLog;
    log.truncated = true;
    pod.logs["app"] = log;
    pods_.push_back(std::move(pod));
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string file(const std::string& name) {
    auto text = read_file(directory_ + "/" + name);
    EXPECT_TRUE(text.ok()) << text.error().to_string();
    return text.ok() ? *text : "";
  }

  std::string directory_;
  std::vector<kube::CollectedPod> pods_;
  std::shared_ptr<const knowledge::CompiledKnowledge> knowledge_ = built_in_knowledge();
  kube::TimePoint saved_at_ = *kube::parse_api_time("2026-11-29T10:06:00Z");
};

TEST_F(InspectionSaveTest, KeepsNoSecretOfThePod) {
  ASSERT_TRUE(save_inspection(directory_, pods_, knowledge_->redactor(), saved_at_).ok());
  std::string pod = file("shop/api-1/pod.json");
  std::string log = file("shop/api-1/logs/app.log");
  for (const std::string& text : {pod, log}) {
    EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
    EXPECT_EQ(text.find("c2VjcmV0LXRva2VuLXZhbHVl"), std::string::npos) << text;
  }
  // What the pod parser reads stays.
  EXPECT_NE(pod.find("\"value\": \"-Xmx1g\""), std::string::npos) << pod;
  EXPECT_EQ(log.rfind("starting\n", 0), 0u);
  json manifest = json::parse(file("manifest.json"));
  EXPECT_EQ(manifest["kind"], "KexitInspectionSave");
  EXPECT_EQ(manifest["kexitVersion"], KEXIT_VERSION);
  EXPECT_EQ(manifest["savedAt"], "2026-11-29T10:06:00Z");
  EXPECT_EQ(manifest["pods"][0]["logs"][0],
            json::parse(R"({"container": "app", "file": "logs/app.log", "source": "previous-log",
                            "truncated": true, "note": ""})"));
}

// Read a week (or a year) after the save, nothing depends on today: the Events, the notes
// decided when they were read, the Job's conditions and the log come back as saved.
TEST_F(InspectionSaveTest, ReadsBackWhatTheInspectionUsed) {
  ASSERT_TRUE(save_inspection(directory_, pods_, knowledge_->redactor(), saved_at_).ok());
  ASSERT_TRUE(is_saved_inspection(directory_));
  auto saved = read_saved_inspection(directory_, 1 << 20);
  ASSERT_TRUE(saved.ok()) << saved.error().to_string();
  EXPECT_EQ(saved->saved_at, "2026-11-29T10:06:00Z");
  ASSERT_EQ(saved->pods.size(), 1u);
  const auto& facts = saved->pods[0].facts;
  const auto& original = pods_[0].facts;
  EXPECT_EQ(facts.evidence_notes, original.evidence_notes);
  EXPECT_EQ(facts.conditions, original.conditions);
  ASSERT_EQ(facts.events.size(), 1u);
  const auto& event = facts.events[0];
  EXPECT_EQ(std::tie(event.type, event.reason, event.message, event.source, event.count,
                     event.first_time, event.last_time, event.object_uid, event.field_path),
            std::tie(original.events[0].type, original.events[0].reason, original.events[0].message,
                     original.events[0].source, original.events[0].count,
                     original.events[0].first_time, original.events[0].last_time,
                     original.events[0].object_uid, original.events[0].field_path));
  ASSERT_EQ(facts.to_diagnose.size(), 1u);
  EXPECT_EQ(facts.to_diagnose[0].env_values.at("JAVA_TOOL_OPTIONS"), "-Xmx1g");
  const auto& log = saved->pods[0].logs.at("app");
  EXPECT_EQ(log.origin, kube::LogOrigin::kPreviousLog);
  EXPECT_TRUE(log.truncated);
  EXPECT_EQ(log.text, knowledge_->redactor().redact(pods_[0].logs.at("app").text));
}

TEST_F(InspectionSaveTest, RefusesAManifestPointingOutsideTheDirectory) {
  ASSERT_TRUE(save_inspection(directory_, pods_, knowledge_->redactor(), saved_at_).ok());
  json manifest = json::parse(file("manifest.json"));
  manifest["pods"][0]["name"] = "../../etc";
  std::ofstream(directory_ + "/manifest.json") << manifest.dump();
  auto saved = read_saved_inspection(directory_, 1 << 20);
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().to_string(),
            directory_ +
                "/manifest.json:.pods[0].name: \"../../etc\" is not a Kubernetes name; was the "
                "manifest edited?");
}

TEST_F(InspectionSaveTest, RefusesPodsNotReadFromACluster) {
  pods_[0].object = json();
  auto saved = save_inspection(directory_, pods_, knowledge_->redactor(), saved_at_);
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().to_string(),
            "--save: pod shop/api-1 was not read from a cluster; --save keeps a cluster "
            "inspection");
}

}  // namespace
}  // namespace kexit::cli
