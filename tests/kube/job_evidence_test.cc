#include "kube/job_evidence.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace kexit::kube
