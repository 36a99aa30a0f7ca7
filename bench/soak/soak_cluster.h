#pragma once
// SoakCluster: kubesim in the soak's own process (its storage outlives the server, so the
// server can go away for an outage and come back on the same address with the same pods),
// over plain HTTP on loopback as in tests/agent/agent_faults_test.cc, with synthetic pods and
// the admin's kubeconfig written for the agent.

#include <chrono>
#include <memory>
#include <string>

#include "base/expected.h"
#include "kubesim/api_server.h"
#include "kubesim/cluster.h"
#include "kubesim/synthetic_load.h"
#include "testing/port_reservation.h"

namespace kexit::bench {

class SoakCluster {
 public:
  // History long enough that a list of 100k pods in pages of 500 keeps its continue token
  // valid while the churn writes (as bench/agent_memory.sh gives the kubesim binary).
  explicit SoakCluster(std::size_t history = 200'000)
      : cluster_(clock_, cluster_options(history)) {}

  // Stores the pods (namespace "load", as the kubesim binary names it) and starts serving.
  Status start(std::size_t pods) {
    cluster_.ensure_namespace("kexit");
    kubesim::add_synthetic_pods(cluster_, pods, "load");
    return serve(0);
  }

  // The server stops; its port is held (testing/port_reservation.h: clients are refused as by
  // a server that is gone, and nothing else can take the port) until serve() binds it again.
  void go_away() {
    reservation_ = std::make_unique<testing_support::PortReservation>("127.0.0.1", port_);
    server_->stop();
  }
  // Back on the same address, with the same storage.
  Status come_back() {
    Status served = serve(port_);
    reservation_.reset();
    return served;
  }

  kubesim::Cluster& cluster() { return cluster_; }
  kubesim::FaultInjector& faults() { return cluster_.faults(); }
  // For the agent: the admin's token (it stays valid across restarts: the cluster keeps it).
  const std::string& kubeconfig() const { return kubeconfig_; }
  int port() const { return port_; }

 private:
  static kubesim::ClusterOptions cluster_options(std::size_t history) {
    kubesim::ClusterOptions options;
    options.history_limit = history;
    return options;
  }

  Status serve(int port) {
    kubesim::ServerOptions options;
    options.tls = false;
    options.port = port;
    options.threads = 64;
    server_.reset();
    server_ = std::make_unique<kubesim::ApiServer>(cluster_, options);
    KEXIT_CHECK(server_->start());
    if (kubeconfig_.empty()) {
      kubeconfig_ = server_->kubeconfig(server_->admin_token(), "kexit");
    }
    port_ = server_->port();
    return ok_status();
  }

  kubesim::SystemClock clock_;
  kubesim::Cluster cluster_;
  std::unique_ptr<kubesim::ApiServer> server_;
  std::unique_ptr<testing_support::PortReservation> reservation_;
  std::string kubeconfig_;
  int port_ = 0;
};

}  // namespace kexit::bench
