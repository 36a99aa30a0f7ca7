#include "kube/job_evidence.h"

#include <gtest/gtest.h>

#include "kube/termination_evidence.h"

namespace kexit::kube {
namespace {

TEST(JobEvidence, KeepsOnlyTheTrueConditionsOfFailure) {
  auto job = nlohmann::json::parse(R"({"status": {"conditions": [
      {"type": "FailureTarget", "status": "True", "reason": "DeadlineExceeded",
       "message": "Job was active longer than specified deadline"},
      {"type": "Failed", "status": "True", "reason": "DeadlineExceeded",
       "message": "Job was active longer than specified deadline"},
      {"type": "Suspended", "status": "False"},
      {"type": "Failed", "status": "False", "reason": "BackoffLimitExceeded"}]}})");
  EXPECT_EQ(job_failure_conditions(job),
            (std::vector<std::string>{
                "Job FailureTarget=True: DeadlineExceeded: Job was active longer than "
                "specified deadline",
                "Job Failed=True: DeadlineExceeded: Job was active longer than specified "
                "deadline"}));
}

TEST(JobEvidence, AJobWithoutConditionsOrOfTheWrongShapeSaysNothing) {
  EXPECT_TRUE(job_failure_conditions(nlohmann::json::parse(R"({"status": {}})")).empty());
  EXPECT_TRUE(
      job_failure_conditions(nlohmann::json::parse(R"({"status": {"conditions": 3}})")).empty());
  EXPECT_TRUE(job_failure_conditions(nlohmann::json::parse(R"([1, 2])")).empty());
}

// Serves one Job (or a status for it) and counts how often the Job is asked for, by either
// read.
class JobReader : public EvidenceReader {
 public:
  int status = 200;
  nlohmann::json job = nlohmann::json::parse(R"({"kind": "Job",
      "metadata": {"name": "reindex", "namespace": "batch", "uid": "job-uid-1"},
      "spec": {"template": {"spec": {"restartPolicy": "Never"}}},
      "status": {"conditions": [{"type": "Failed", "status": "True",
                                 "reason": "BackoffLimitExceeded",
                                 "message": "Job has reached the specified backoff limit"}]}})");
  int job_reads = 0;

  Expected<ApiResponse> read_job(const std::string&, const std::string&) override {
    ++job_reads;
    ApiResponse response;
    response.status = status;
    response.body = status == 200 ? job.dump() : "{}";
    return response;
  }
  Expected<ApiResponse> read_workload(const std::string& namespace_name, const std::string&,
                                      const std::string& name) override {
    return read_job(namespace_name, name);
  }
  bool reads_workloads() const override { return true; }
  Expected<ApiResponse> read_events(const std::string&, const std::string&, int) override {
    ApiResponse response;
    response.status = 200;
    response.body = R"({"items": []})";
    return response;
  }
  Expected<ApiResponse> read_node(const std::string&) override { return Error{"not used"}; }
  Expected<PodLog> read_log(const std::string&, const std::string&, const LogOptions&) override {
    PodLog log;
    log.response.status = 200;
    return log;
  }
};

PodFacts job_pod(const std::string& owner_uid = "job-uid-1") {
  PodFacts pod;
  pod.namespace_name = "batch";
  pod.name = "reindex-7kq2m";
  pod.owner_kind = "Job";
  pod.owner_name = "reindex";
  pod.owner_uid = owner_uid;
  pod.restart_policy = "Never";
  ContainerFacts container;
  container.name = "reindex";
  container.termination.exit_code = 1;
  pod.to_diagnose.push_back(container);
  return pod;
}

TEST(JobEvidence, TheJobIsReadOnceForItsConditionsAndAsTheOwner) {
  JobReader reader;
  PodFacts pod = job_pod();
  gather_evidence(reader, pod, TimePoint{}, 1024);
  EXPECT_EQ(reader.job_reads, 1);
  EXPECT_EQ(pod.conditions,
            (std::vector<std::string>{"Job Failed=True: BackoffLimitExceeded: Job has reached the "
                                      "specified backoff limit"}));
  ASSERT_TRUE(pod.workload);
  EXPECT_EQ(pod.workload->reference(), "job/reindex");
  EXPECT_EQ(pod.workload->restart_policy, "Never");
}

TEST(JobEvidence, AJobDeletedAfterItFinishedIsNoPermissionProblem) {
  JobReader reader;
  reader.status = 404;
  PodFacts pod = job_pod();
  gather_evidence(reader, pod, TimePoint{}, 1024);
  EXPECT_EQ(reader.job_reads, 1);
  EXPECT_TRUE(pod.evidence_notes.empty());
  EXPECT_EQ(pod.workload_unresolved,
            "Job reindex is gone (HTTP 404: deleted or garbage-collected since the pod was made)");
}

TEST(JobEvidence, OnlyAForbiddenJobNamesThePermission) {
  for (auto [status, note] : std::vector<std::pair<int, std::string>>{
           {403,
            "the conditions of Job reindex could not be read (HTTP 403; needs get jobs.batch)"},
           {500, "the conditions of Job reindex could not be read (HTTP 500)"}}) {
    JobReader reader;
    reader.status = status;
    PodFacts pod = job_pod();
    gather_evidence(reader, pod, TimePoint{}, 1024);
    EXPECT_EQ(pod.evidence_notes, std::vector<std::string>{note});
  }
}

TEST(JobEvidence, TheConditionsOfAnotherJobOfTheSameNameAreNotThePods) {
  JobReader reader;
  PodFacts pod = job_pod("uid-of-the-deleted-job");
  gather_evidence(reader, pod, TimePoint{}, 1024);
  EXPECT_TRUE(pod.conditions.empty());
  EXPECT_FALSE(pod.workload);
}

}  // namespace
}  // namespace kexit::kube
