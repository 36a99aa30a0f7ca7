#include "kube/credential_provider.h"

#include "base/file_reading.h"
#include "base/text.h"

namespace kexit::kube {

CredentialProvider::CredentialProvider(const ClientConfig& config, Clock& clock,
                                       ExecRunOptions exec_options)
    : auth_(config.auth), clock_(clock), exec_options_(exec_options) {
  cluster_.server = config.server.url();
  cluster_.tls_server_name = config.tls.server_name;
  cluster_.insecure_skip_tls_verify = config.tls.insecure;
  cluster_.ca_pem = config.tls.ca_pem;
  cluster_.proxy_url = config.proxy_url;
}

Expected<std::string> CredentialProvider::token_from_file() {
  TimePoint now = clock_.now();
  if (file_token_read_at_ && now - *file_token_read_at_ < kTokenFileMaxAge) {
    return file_token_;
  }
  auto text = read_file(auth_.token_file);
  if (!text) {
    // A static token next to the file still works (kubectl sends it first, too).
    if (!auth_.token.empty()) {
      return auth_.token;
    }
    return Error{"cannot read the token file: " + text.error().message, auth_.token_file};
  }
  std::string token(trim(*text));
  if (token.empty()) {
    return Error{"the token file is empty; check tokenFile in the kubeconfig user",
                 auth_.token_file};
  }
  file_token_ = token;
  file_token_read_at_ = now;
  return file_token_;
}

Status CredentialProvider::refresh_exec_credential() {
  if (exec_credential_) {
    const auto& expiration = exec_credential_->expiration;
    if (!expiration || clock_.now() < *expiration) {
      return ok_status();
    }
  }
  std::string old_certificate =
      exec_credential_ ? exec_credential_->client_certificate_pem : std::string();
  KEXIT_ASSIGN(credential, run_exec_plugin(*auth_.exec, cluster_, exec_options_));
  if (credential.client_certificate_pem != old_certificate) {
    ++certificate_generation_;
  }
  exec_credential_ = std::move(credential);
  return ok_status();
}

Expected<Credentials> CredentialProvider::current() {
  std::lock_guard<std::mutex> lock(mutex_);
  Credentials credentials;
  credentials.client_certificate_pem = auth_.client_certificate_pem;
  credentials.client_key_pem = auth_.client_key_pem;
  credentials.basic_username = auth_.username;
  credentials.basic_password = auth_.password;
  if (auth_.exec) {
    KEXIT_CHECK(refresh_exec_credential());
    credentials.bearer_token = exec_credential_->token;
    if (!exec_credential_->client_certificate_pem.empty()) {
      credentials.client_certificate_pem = exec_credential_->client_certificate_pem;
      credentials.client_key_pem = exec_credential_->client_key_pem;
    }
  } else if (!auth_.token_file.empty()) {
    KEXIT_ASSIGN(token, token_from_file());
    credentials.bearer_token = token;
  } else {
    credentials.bearer_token = auth_.token;
  }
  credentials.certificate_generation = certificate_generation_;
  return credentials;
}

bool CredentialProvider::invalidate() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auth_.exec) {
    exec_credential_.reset();
    return true;
  }
  if (!auth_.token_file.empty()) {
    file_token_read_at_.reset();
    return true;
  }
  return false;
}

}  // namespace kexit::kube
