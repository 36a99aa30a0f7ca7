#pragma once
// CredentialProvider: the credentials to send with the next request, kept fresh — token files
// re-read as they rotate, exec plugins re-run when their credential expires or is refused.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "base/expected.h"
#include "kube/client_config.h"
#include "kube/clock.h"
#include "kube/exec_credential.h"

namespace kexit::kube {

struct Credentials {
  std::string bearer_token;
  std::string basic_username;
  std::string basic_password;
  std::string client_certificate_pem;
  std::string client_key_pem;
  // Changes whenever the client certificate does, so connections made with an older one are
  // not reused.
  std::uint64_t certificate_generation = 0;
};

class CredentialProvider {
 public:
  // A token file is re-read when the copy in memory is older than this (client-go's period).
  static constexpr std::chrono::seconds kTokenFileMaxAge{60};

  CredentialProvider(const ClientConfig& config, Clock& clock, ExecRunOptions exec_options = {});

  // Safe to call from several threads; runs an exec plugin at most once at a time.
  Expected<Credentials> current();

  // After a 401: forgets the token read from a file and the exec credential, so the next
  // current() fetches new ones. False when nothing can change (a static token), so sending
  // again would not help.
  bool invalidate();

 private:
  Expected<std::string> token_from_file();
  Status refresh_exec_credential();

  AuthSettings auth_;
  ExecClusterInfo cluster_;
  Clock& clock_;
  ExecRunOptions exec_options_;

  std::mutex mutex_;
  std::string file_token_;
  std::optional<TimePoint> file_token_read_at_;
  std::optional<ExecCredential> exec_credential_;
  std::uint64_t certificate_generation_ = 0;
};

}  // namespace kexit::kube
