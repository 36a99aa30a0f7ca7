#pragma once
// ApiServer: kubesim on the network. Serves a Cluster over HTTPS (a CA and serving
// certificate made at start with OpenSSL; client certificates from that CA authenticate as
// CN/O) or plain HTTP, on loopback, port 0 picking a free port; hands out kubeconfigs.
//
// Threads: cpp-httplib serves each connection on a pool thread, and an open watch keeps its
// thread until it ends (blocked on a condition variable, not spinning). `threads` therefore
// bounds concurrent watches plus in-flight requests plus idle keep-alive connections.

#include <memory>
#include <string>

#include "base/expected.h"
#include "kubesim/api_handler.h"
#include "kubesim/certificate_authority.h"
#include "kubesim/cluster.h"
#include "kubesim/scenario_player.h"
#include "kubesim/test_endpoints.h"
#include "kubesim/watch_registry.h"

namespace kexit::kubesim {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  bool tls = true;
  std::size_t threads = 256;
  // Seconds a kept-alive connection may idle (it holds a pool thread meanwhile).
  int keep_alive_seconds = 5;
  HandlerSettings handler;
  bool test_endpoints = true;
  // Print one line per request (method, target, status, user agent) to stderr.
  bool log_requests = false;
};

class ApiServer {
 public:
  static constexpr const char* kAdminUser = "kubesim-admin";

  explicit ApiServer(Cluster& cluster, ServerOptions options = {});
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Makes the certificates and the admin token, binds, and serves on a background thread.
  Status start();
  // Ends open watches cleanly and stops serving; called by the destructor.
  void stop();

  int port() const { return port_; }
  // "https://127.0.0.1:PORT" (or http://).
  std::string url() const;
  // Empty for plain HTTP.
  const std::string& ca_pem() const;
  const CertificateAuthority* certificate_authority() const { return ca_.get(); }
  // A token for kubesim-admin (group system:masters: may do anything).
  const std::string& admin_token() const { return admin_token_; }
  // A fresh random token for `user`; grant it rules with cluster.access().allow().
  std::string add_token(const User& user);

  std::string kubeconfig(const std::string& token,
                         const std::string& namespace_name = "default") const;
  // A kubeconfig authenticating with a new client certificate for `user` (TLS only).
  Expected<std::string> client_certificate_kubeconfig(
      const User& user, const std::string& namespace_name = "default") const;

  // Answers a request without the network (same code path after the transport).
  HttpResponse call(const HttpRequest& request) { return handler_.handle(request); }

  Cluster& cluster() { return cluster_; }
  WatchRegistry& watches() { return watches_; }
  void set_scenario(ScenarioPlayer* player) { test_endpoints_.set_scenario(player); }

 private:
  struct Transport;
  Status start_tls(Transport& transport);

  Cluster& cluster_;
  ServerOptions options_;
  WatchRegistry watches_;
  ApiHandler handler_;
  TestEndpoints test_endpoints_;
  std::unique_ptr<CertificateAuthority> ca_;
  std::string admin_token_;
  int port_ = 0;
  std::unique_ptr<Transport> transport_;
};

// Writes text to `path` with mode 0600 (kubeconfigs hold credentials).
Status write_private_file(const std::string& path, const std::string& text);

}  // namespace kexit::kubesim
