// KubeAgentApi over the real client and kubesim: what kexit_api_requests_total{verb,code} is
// told, retries and the lease store's requests included.

#include "agent/kube_agent_api.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "fake_clock.h"
#include "kube/config_loader.h"
#include "kubesim/api_server.h"
#include "kubesim/cluster.h"

namespace kexit::agent {
namespace {

namespace fs = std::filesystem;

class KubeAgentApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kubesim::ServerOptions options;
    options.tls = false;
    options.threads = 8;
    server_ = std::make_unique<kubesim::ApiServer>(cluster_, options);
    auto started = server_->start();
    ASSERT_TRUE(started.ok()) << started.error().to_string();
    kubeconfig_ = fs::temp_directory_path() /
                  ("kexit-kube-agent-api-" + std::to_string(getpid()) + "-" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::ofstream(kubeconfig_) << server_->kubeconfig(server_->admin_token(), "kexit");
    kube::ConfigRequest request;
    request.kubeconfig = kubeconfig_.string();
    auto config = kube::load_client_config(request, kube::ConfigEnvironment{});
    ASSERT_TRUE(config.ok()) << config.error().to_string();
    kube::TransportOptions transport;
    transport.clock = &clock_;  // backoff waits take no real time
    transport.exec = kube::ExecRunOptions{};
    transport.retry.max_attempts = 3;
    client_ = std::make_unique<kube::ApiClient>(*config, transport);
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
    fs::remove(kubeconfig_);
  }

  std::vector<std::string> counted() {
    std::lock_guard lock(mutex_);
    return counted_;
  }

  testing::FakeClock clock_;
  kubesim::SystemClock server_clock_;
  kubesim::Cluster cluster_{server_clock_};
  std::unique_ptr<kubesim::ApiServer> server_;
  fs::path kubeconfig_;
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
