// KubeAgentApi over the real client and kubesim: what kexit_api_requests_total{verb,code} is
// told, retries and the lease store's requests included.

#include "agent/kube_agent_api.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "kubesim/api_server.h"
#include "kubesim/cluster.h"
#include "testing/kubesim_fixture.h"

namespace kexit::agent {
namespace {

class KubeAgentApiTest : public testing_support::KubesimFixture {
 protected:
  // kubesim's timestamps on the wall clock; the client's backoff waits on the FakeClock.
  KubeAgentApiTest() : KubesimFixture(ClusterTime::kWall) {}

  void SetUp() override {
    kubesim::ServerOptions options;
    options.tls = false;
    start_server(options);
    client_ = client_from(server_->kubeconfig(server_->admin_token(), "kexit"));
    ASSERT_NE(client_, nullptr);
    api_ = std::make_unique<KubeAgentApi>(*client_);
    api_->observe_requests([this](const std::string& verb, const std::string& code) {
      std::lock_guard lock(mutex_);
      counted_.push_back(verb + " " + code);
    });
  }
  void TearDown() override {
    // The client first: its kept-alive connections would hold server threads until they time out.
    api_.reset();
    client_.reset();
    server_.reset();
  }

  std::vector<std::string> counted() {
    std::lock_guard lock(mutex_);
    return counted_;
  }

  std::unique_ptr<kube::ApiClient> client_;
  std::unique_ptr<KubeAgentApi> api_;
  std::mutex mutex_;
  std::vector<std::string> counted_;
};

TEST_F(KubeAgentApiTest, CountsEveryRetryWithItsStatus) {
  kubesim::FaultRule too_many;
  too_many.verb = "list";
  too_many.resource = "pods";
  too_many.status = 429;
  too_many.retry_after_seconds = 1;
  too_many.times = 2;
  cluster_.faults().add(too_many);
  auto listed = api_->list_pods(PodScope{}, [](nlohmann::json&&) {});
  ASSERT_TRUE(listed.ok()) << listed.error().to_string();
  EXPECT_EQ(counted(), (std::vector<std::string>{"list 429", "list 429", "list 200"}));
}

// The soak's 410 storm: every continue token has expired by the time the next page is asked
// for. Paging again from the start never ends; client-go's fallback, one unpaginated list
// (read item by item), does.
TEST_F(KubeAgentApiTest, ARelistCompletesWhileEveryContinueTokenExpires) {
  constexpr int kPods = 1200;  // three pages of 500
  for (int i = 0; i < kPods; ++i) {
    put(pod("shop", "api-" + std::to_string(i), {{"app", "api"}}, nullptr, Slot::kRunning));
  }
  std::set<std::string> listed;
  int visits = 0;
  auto version = api_->list_pods(PodScope{}, [&](nlohmann::json&& object) {
    listed.insert(object["metadata"]["name"].get<std::string>());
    if (++visits % 100 == 0) {
      // A write after the list began, then compaction past it: the page's token is stale.
      put(pod("churn", "churn-" + std::to_string(visits), {{"app", "churn"}}, nullptr,
              Slot::kRunning));
      cluster_.store().compact();
    }
  });
  ASSERT_TRUE(version.ok()) << version.error().to_string();
  EXPECT_FALSE(version->empty());
  EXPECT_EQ(std::count_if(listed.begin(), listed.end(),
                          [](const std::string& name) { return name.rfind("api-", 0) == 0; }),
            kPods);
  EXPECT_EQ(counted(), (std::vector<std::string>{"list 200", "list 410", "list 200"}));
}

TEST_F(KubeAgentApiTest, CountsTheLeaseStoreAndDiscoveryToo) {
  KubeLeaseStore lease(*client_, "kexit", "kexit-agent");
  auto found = lease.get();
  ASSERT_TRUE(found.ok()) << found.error().to_string();
  EXPECT_FALSE(found->has_value());
  auto events_v1 = api_->has_events_v1();
  ASSERT_TRUE(events_v1.ok()) << events_v1.error().to_string();
  EXPECT_EQ(counted(), (std::vector<std::string>{"get 404", "get 200"}));
}

TEST_F(KubeAgentApiTest, CountsEachAttemptWithoutAnAnswerAsError) {
  server_.reset();
  EXPECT_FALSE(api_->has_events_v1().ok());
  EXPECT_EQ(counted(), std::vector<std::string>(3, "get error"));
}

}  // namespace
}  // namespace kexit::agent
