#pragma once
// ApiHandler: answers one API request like kube-apiserver: authentication (client
// certificate, bearer token), injected faults, authorization, then discovery, OpenAPI, and
// get/list/watch/create/update/patch/delete of resources with their status and log
// subresources; every failure as a metav1.Status.

#include <functional>
#include <string>

#include "kubesim/cluster.h"
#include "kubesim/discovery_documents.h"
#include "kubesim/http_exchange.h"
#include "kubesim/request_target.h"
#include "kubesim/watch_registry.h"
#include "kubesim/watch_stream.h"

namespace kexit::kubesim {

struct HandlerSettings {
  VersionInfo version;
  // Answer aggregated discovery when kubectl asks for it (else only the legacy documents).
  bool aggregated_discovery = true;
  WatchSettings watch;
};

class ApiHandler {
 public:
  // Handles /kubesim/... paths (test endpoints); they skip authentication and faults.
  using TestEndpointHandler = std::function<HttpResponse(const HttpRequest&, const std::string&)>;

  ApiHandler(Cluster& cluster, WatchRegistry& watches, HandlerSettings settings);

  // `peer_alive` lets watches notice a client that hung up.
  HttpResponse handle(const HttpRequest& request,
                      const std::function<bool()>& peer_alive = nullptr);

  // host:port reported in /api's serverAddressByClientCIDRs.
  void set_server_address(const std::string& address) { server_address_ = address; }
  void set_test_endpoint_handler(TestEndpointHandler handler) {
    test_endpoints_ = std::move(handler);
  }

 private:
  HttpResponse handle_discovery(const HttpRequest& request, const RequestTarget& target);
  HttpResponse handle_resource(const HttpRequest& request, const RequestTarget& target,
                               const std::function<bool()>& peer_alive);
  HttpResponse list_or_watch(const HttpRequest& request, const RequestTarget& target,
                             const std::function<bool()>& peer_alive);
  HttpResponse get_object(const HttpRequest& request, const RequestTarget& target);
  HttpResponse create_object(const HttpRequest& request, const RequestTarget& target);
  HttpResponse replace_object(const HttpRequest& request, const RequestTarget& target,
                              ObjectPart part);
  HttpResponse patch_object(const HttpRequest& request, const RequestTarget& target,
                            ObjectPart part);
  HttpResponse delete_object(const HttpRequest& request, const RequestTarget& target);
  // POST serviceaccounts/NAME/token: a TokenRequest answered with a working bearer token.
  HttpResponse create_token(const HttpRequest& request, const RequestTarget& target);
  HttpResponse read_log(const HttpRequest& request, const RequestTarget& target,
                        const std::function<bool()>& peer_alive);
  HttpResponse object_response(const HttpRequest& request, const ResourceType& type,
                               const StoredObject& object, int status);

  Cluster& cluster_;
  WatchRegistry& watches_;
  HandlerSettings settings_;
  std::string server_address_ = "127.0.0.1:443";
  TestEndpointHandler test_endpoints_;
};

// A metav1.Status response for an error (Retry-After included when set).
HttpResponse error_response(const ApiError& error);
HttpResponse json_response(int status, const nlohmann::json& body);

}  // namespace kexit::kubesim
