#include "report/failed_job_report.h"

#include <gtest/gtest.h>

namespace kexit::report {
namespace {

kube::FailedJob deadline_job() {
  kube::FailedJob job;
  job.namespace_name = "batch";
  job.name = "reindex";
  job.conditions = {
      "Job Failed=True: DeadlineExceeded: Job was active longer than specified "
      "deadline"};
  job.failed_pods = 1;
  return job;
}

TEST(FailedJobReport, TextShowsTheConditionsAndWhereToLook) {
  EXPECT_EQ(render_failed_jobs_text({deadline_job()}),
            "job batch/reindex  failed\n"
            "  note: none of its pods is left to diagnose (1 failed): they were deleted by "
            "ttlSecondsAfterFinished, by the job controller (at activeDeadlineSeconds, or past "
            "the backoff limit), or by hand; the Job's conditions are what remains\n"
            "  conditions:\n"
            "    - Failed=True: DeadlineExceeded: Job was active longer than specified deadline\n"
            "  next steps:\n"
            "    1. kubectl get events -n batch --field-selector "
            "involvedObject.kind=Job,involvedObject.name=reindex\n"
            "    2. kubectl get job reindex -n batch -o jsonpath='{.spec.backoffLimit} "
            "{.spec.activeDeadlineSeconds} {.spec.ttlSecondsAfterFinished}'\n"
            "\n");
  EXPECT_EQ(render_failed_jobs_text({}), "");
}

// A Job read from a hand-made file may have any name: the next steps quote it for the shell.
TEST(FailedJobReport, ANameAShellWouldReadIsQuotedInTheNextSteps) {
  kube::FailedJob job = deadline_job();
  job.name = "x$(id)";
  const std::string text = render_failed_jobs_text({job});
  EXPECT_NE(text.find("kubectl get events -n batch --field-selector "
                      "'involvedObject.kind=Job,involvedObject.name=x$(id)'\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("kubectl get job 'x$(id)' -n batch -o jsonpath="), std::string::npos) << text;
}

TEST(FailedJobReport, DocumentHasEveryField) {
  EXPECT_EQ(
      failed_job_document(deadline_job()).dump(),
      R"({"namespace":"batch","name":"reindex","conditions":["Failed=True: DeadlineExceeded: )"
      R"(Job was active longer than specified deadline"],"failedPods":1,"note":"none of its )"
      R"(pods is left to diagnose (1 failed): they were deleted by ttlSecondsAfterFinished, )"
      R"(by the job controller (at activeDeadlineSeconds, or past the backoff limit), or by )"
      R"(hand; the Job's conditions are what remains"})");
}

}  // namespace
}  // namespace kexit::report
