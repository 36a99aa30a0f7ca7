#include "agent/api_request_observer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "testing/fake_clock.h"

namespace kexit::agent {
namespace {

class ApiRequestObserverTest : public ::testing::Test {
 protected:
  ApiRequestObserverTest()
      : metrics_(registry_),
        log_(log_text_, clock_, LogLevel::kDebug),
        observe_(api_request_observer(metrics_, log_)) {}

  testing_support::FakeClock clock_;
  MetricsRegistry registry_;
  AgentMetrics metrics_;
  std::ostringstream log_text_;
  JsonLogger log_;
  kube::AttemptObserver observe_;
};

TEST_F(ApiRequestObserverTest, AFailedRequestIsLoggedOnceWithItsCause) {
  const std::string forbidden =
      R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"events is forbidden: )"
      R"(User \"system:serviceaccount:kexit:kexit\" cannot create resource \"events\" in API )"
      R"(group \"events.k8s.io\" in the namespace \"shop\"","reason":"Forbidden","code":403})";
  observe_({"POST", "/apis/events.k8s.io/v1/namespaces/shop/events", 403, forbidden});
  EXPECT_EQ(log_text_.str(),
            "{\"time\":\"2023-11-14T22:13:20.000000Z\",\"level\":\"warning\",\"msg\":\"api "
            "request failed\",\"cause\":\"HTTP 403 Forbidden: events is forbidden: User "
            "\\\"system:serviceaccount:kexit:kexit\\\" cannot create resource \\\"events\\\" in "
            "API group \\\"events.k8s.io\\\" in the namespace \\\"shop\\\"\",\"name\":\"\","
            "\"namespace\":\"shop\",\"resource\":\"events.events.k8s.io\",\"status\":403,"
            "\"verb\":\"create\"}\n");
  EXPECT_EQ(metrics_.api_requests.value({"create", "403"}), 1);
  EXPECT_EQ(metrics_.api_request_classes.value({"create", "4xx"}), 1);
}

TEST_F(ApiRequestObserverTest, NoAnswerIsLoggedWithWhatWentWrong) {
  observe_({"GET", "/api/v1/namespaces/shop/pods/api-1/log?previous=true", 0,
            "cannot connect to the API server at https://10.0.0.1:6443; check that the cluster "
            "is up and the server URL in the kubeconfig"});
  EXPECT_EQ(log_text_.str(),
            "{\"time\":\"2023-11-14T22:13:20.000000Z\",\"level\":\"warning\",\"msg\":\"api "
            "request failed\",\"cause\":\"cannot connect to the API server at "
            "https://10.0.0.1:6443; check that the cluster is up and the server URL in the "
            "kubeconfig\",\"name\":\"api-1\",\"namespace\":\"shop\",\"resource\":\"pods\","
            "\"status\":0,\"verb\":\"get\"}\n");
  EXPECT_EQ(metrics_.api_requests.value({"get", "error"}), 1);
  EXPECT_EQ(metrics_.api_request_classes.value({"get", "error"}), 1);
}

TEST_F(ApiRequestObserverTest, ExpectedRefusalsAreInfoAndSuccessesAreNotLogged) {
  observe_({"GET", "/api/v1/pods?watch=true", 200, ""});
  EXPECT_EQ(log_text_.str(), "");
  observe_({"POST", "/api/v1/namespaces/shop/events", 409,
            R"({"kind":"Status","message":"events \"api-1.17\" already exists",)"
            R"("reason":"AlreadyExists","code":409})"});
  EXPECT_EQ(log_text_.str(),
            "{\"time\":\"2023-11-14T22:13:20.000000Z\",\"level\":\"info\",\"msg\":\"api request "
            "failed\",\"cause\":\"HTTP 409 AlreadyExists: events \\\"api-1.17\\\" already "
            "exists\",\"name\":\"\",\"namespace\":\"shop\",\"resource\":\"events\",\"status\":"
            "409,\"verb\":\"create\"}\n");
  EXPECT_EQ(metrics_.api_request_classes.value({"watch", "2xx"}), 1);
  EXPECT_EQ(metrics_.api_request_classes.value({"create", "4xx"}), 1);
}

TEST_F(ApiRequestObserverTest, EveryRetriedAttemptIsItsOwnRequest) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    observe_({"PATCH", "/apis/events.k8s.io/v1/namespaces/shop/events/api-1.17", 503,
              "etcdserver: request timed out"});
  }
  observe_({"PATCH", "/apis/events.k8s.io/v1/namespaces/shop/events/api-1.17", 200, ""});
  std::string text = log_text_.str();
  std::string line =
      "{\"time\":\"2023-11-14T22:13:20.000000Z\",\"level\":\"warning\",\"msg\":\"api request "
      "failed\",\"cause\":\"HTTP 503 ServiceUnavailable: etcdserver: request timed out\","
      "\"name\":\"api-1.17\",\"namespace\":\"shop\",\"resource\":\"events.events.k8s.io\","
      "\"status\":503,\"verb\":\"patch\"}\n";
  EXPECT_EQ(text, line + line);
  EXPECT_EQ(metrics_.api_request_classes.value({"patch", "5xx"}), 2);
  EXPECT_EQ(metrics_.api_request_classes.value({"patch", "2xx"}), 1);
}

}  // namespace
}  // namespace kexit::agent
