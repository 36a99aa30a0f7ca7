#pragma once
// ClientOverrides: kubectl's global client flags (--as, --as-group, --insecure-skip-tls-verify,
// --request-timeout, -v), which override the kubeconfig and shape every request, parsed once
// by the CLI and applied the same way wherever kexit builds a client.

#include <chrono>
#include <string>
#include <vector>

#include "base/expected.h"
#include "kube/client_config.h"
#include "kube/http_transport.h"

namespace kexit::kube {

struct ClientOverrides {
  std::string impersonate;                       // --as
  std::vector<std::string> impersonate_groups;   // --as-group, repeatable
  std::string impersonate_uid;                   // --as-uid
  bool insecure_skip_tls_verify = false;         // --insecure-skip-tls-verify
  std::chrono::milliseconds request_timeout{0};  // --request-timeout; 0: none
  int verbosity = 0;                             // -v
};

// --as replaces the kubeconfig user's `as`, --as-group its `as-groups`, --as-uid its `as-uid`;
// --insecure-skip-tls-verify drops the certificate authority, as kubectl does. Groups or a UID
// without a user to impersonate are an error (the API server refuses them).
Status apply_overrides(const ClientOverrides& overrides, ClientConfig& config);

// The request timeout and verbosity of every request.
void apply_overrides(const ClientOverrides& overrides, TransportOptions& options);

// kubectl's --request-timeout: "0" (none), a bare number of seconds, or a Go duration
// ("5s", "1m", "1h30m", "250ms"). Errors in kubectl's words.
Expected<std::chrono::milliseconds> parse_request_timeout(const std::string& text);

}  // namespace kexit::kube
