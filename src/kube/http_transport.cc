#include "kube/http_transport.h"

#include <httplib.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <random>

#include "base/text.h"
#include "kube/base64.h"
#include "kube/query_string.h"
#include "kube/request_trace.h"
#include "kube/tls_resumption.h"
#include "kube/tls_session_cache.h"

namespace kexit::kube {
namespace {

constexpr std::size_t kMaxErrorBodyBytes = 1024 * 1024;
// A constant: Universal Ctags loses a function's end after a macro pasted into a string.
constexpr char kUserAgent[] = "kexit/" KEXIT_VERSION;

// The verification failure of the handshake running on this thread; OpenSSL calls the verify
// callback on the thread that connects.
thread_local int tls_verify_error = X509_V_OK;

int record_verify_error(int preverify_ok, X509_STORE_CTX* store) {
  if (preverify_ok == 0 && tls_verify_error == X509_V_OK) {
    tls_verify_error = X509_STORE_CTX_get_error(store);
  }
  return preverify_ok;
}

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPointer = std::unique_ptr<BIO, BioDeleter>;

BioPointer memory_bio(const std::string& pem) {
  return BioPointer(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// Every certificate in a PEM bundle; the caller frees them.
std::vector<X509*> read_certificates(const std::string& pem) {
  std::vector<X509*> certificates;
  BioPointer bio = memory_bio(pem);
  while (X509* certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    certificates.push_back(certificate);
  }
  ERR_clear_error();  // the end of the bundle reads as an error
  return certificates;
}

void free_certificates(std::vector<X509*>& certificates) {
  for (X509* certificate : certificates) {
    X509_free(certificate);
  }
  certificates.clear();
}

// The OpenSSL errors an attempt left on this thread's queue, oldest first; taken right after
// it, before another OpenSSL call on the thread adds to them.
std::vector<unsigned long> take_openssl_errors() {
  std::vector<unsigned long> codes;
  for (unsigned long code = ERR_get_error(); code != 0; code = ERR_get_error()) {
    codes.push_back(code);
  }
  return codes;
}

// What a failed handshake means to the user, by OpenSSL's SSL_R_* reason, and what to do.
struct HandshakeReason {
  int reason;
  const char* meaning;
  const char* next_step;
};

constexpr HandshakeReason kHandshakeReasons[] = {
    {SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE,
     "the server refused the handshake (alert handshake failure)",
     "check that the server URL names the API server, not another service or a proxy, and that "
     "it accepts TLS 1.2 or later"},
    {SSL_R_WRONG_VERSION_NUMBER,
     "the server did not answer with TLS (wrong version number: is it plain HTTP?)",
     "check the port of the server URL, or use http:// if the server really speaks plain HTTP"},
    {SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED,
     "the server refused the client certificate (alert certificate required)",
     "check client-certificate and client-key of the kubeconfig user"},
    {SSL_R_SSLV3_ALERT_BAD_CERTIFICATE,
     "the server refused the client certificate (alert bad certificate)",
     "check client-certificate and client-key of the kubeconfig user"},
    {SSL_R_TLSV1_ALERT_UNKNOWN_CA, "the server refused the client certificate (alert unknown ca)",
     "check that client-certificate of the kubeconfig user is signed by a CA the server trusts"},
};

// The newest error of the SSL library that kexit can explain; nullptr if none.
const HandshakeReason* handshake_reason(const std::vector<unsigned long>& errors) {
  for (auto error = errors.rbegin(); error != errors.rend(); ++error) {
    if (ERR_GET_LIB(*error) != ERR_LIB_SSL) {
      continue;
    }
    for (const HandshakeReason& known : kHandshakeReasons) {
      if (ERR_GET_REASON(*error) == known.reason) {
        return &known;
      }
    }
  }
  return nullptr;
}

// A handshake that failed for a reason other than the server's certificate.
std::string handshake_failure(const std::string& server, const std::vector<unsigned long>& errors) {
  std::string text = "TLS handshake with the API server at " + server + " failed";
  if (const HandshakeReason* known = handshake_reason(errors)) {
    return text + ": " + known->meaning + "; " + known->next_step;
  }
  if (!errors.empty()) {
    if (const char* reason = ERR_reason_error_string(errors.back())) {
      text += " (" + std::string(reason) + ")";
    }
  }
  return text + "; check the server URL and that it speaks HTTPS";
}

// A numeric address for `host`, for routing a connection made under another name
// (tls-server-name).
Expected<std::string> numeric_address(const std::string& host) {
  if (is_ip_literal(host)) {
    return host;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* results = nullptr;
  int status = ::getaddrinfo(host.c_str(), nullptr, &hints, &results);
  if (status != 0 || results == nullptr) {
    return Error{"cannot resolve the API server host \"" + host + "\": " + gai_strerror(status) +
                 "; check the server URL and DNS"};
  }
  char buffer[NI_MAXHOST];
  int named = ::getnameinfo(results->ai_addr, results->ai_addrlen, buffer, sizeof buffer, nullptr,
                            0, NI_NUMERICHOST);
  ::freeaddrinfo(results);
  if (named != 0) {
    return Error{"cannot resolve the API server host \"" + host + "\""};
  }
  return std::string(buffer);
}

struct ProxyAddress {
  std::string host;
  int port = 0;
  std::string username;
  std::string password;
};

Expected<std::optional<ProxyAddress>> parse_proxy(const std::string& url) {
  if (url.empty()) {
    return std::optional<ProxyAddress>();
  }
  std::string_view rest = url;
  if (!starts_with(rest, "http://")) {
    return Error{"proxy-url \"" + url + "\" is not supported; kexit supports http:// proxies only"};
  }
  rest.remove_prefix(7);
  ProxyAddress proxy;
  auto at = rest.find('@');
  if (at != std::string_view::npos) {
    std::string_view user_info = rest.substr(0, at);
    auto colon = user_info.find(':');
    proxy.username = std::string(user_info.substr(0, colon));
    if (colon != std::string_view::npos) {
      proxy.password = std::string(user_info.substr(colon + 1));
    }
    rest = rest.substr(at + 1);
  }
  auto address = parse_server_address("http://" + std::string(rest));
  if (!address) {
    return Error{"proxy-url \"" + url + "\" is not a valid http://HOST:PORT URL"};
  }
  proxy.host = address->host;
  proxy.port = address->port;
  return std::optional<ProxyAddress>(proxy);
}

// How a read that got no more bytes ended. httplib reports a peer that closed or reset the
// connection and one that stayed silent past the read timeout alike (Error::Read), and a
// reader must know which: the first is the server's doing, the second may be the network's.
struct ReadEnd {
  bool silent_past_timeout = false;
  std::chrono::seconds after{0};  // from the request to the failure, on the injected clock
};

std::string read_failure(const std::string& server, const HttpRequest& request,
                         const ReadEnd& end) {
  if (end.silent_past_timeout) {
    return "the connection to the API server at " + server +
           " stayed silent for the read timeout of " +
           std::to_string(request.read_timeout.count()) + " s while reading the answer; try again";
  }
  return "the connection to the API server at " + server + " was closed by the server after " +
         std::to_string(end.after.count()) + " s while reading the answer; try again";
}

std::string transport_failure(httplib::Error error, const std::string& server,
                              const HttpRequest& request, std::chrono::seconds connect_timeout,
                              const ReadEnd& read_end) {
  switch (error) {
    case httplib::Error::Connection:
      return "cannot connect to the API server at " + server +
             "; check that the cluster is up and the server URL in the kubeconfig";
    case httplib::Error::ConnectionTimeout:
      return "connecting to the API server at " + server + " timed out after " +
             std::to_string(connect_timeout.count()) + " s; check the server URL, VPN and firewall";
    case httplib::Error::Read:
      return read_failure(server, request, read_end);
    case httplib::Error::Write:
      return "the connection to the API server at " + server +
             " broke while sending the request; try again";
    default:
      return "request to the API server at " + server + " failed (" + httplib::to_string(error) +
             ")";
  }
}

std::string tls_failure(int verify_error, const std::vector<unsigned long>& errors,
                        const std::string& verified_name, const std::string& server) {
  if (verify_error == X509_V_OK) {
    return handshake_failure(server, errors);
  }
  std::string detail = X509_verify_cert_error_string(verify_error);
  switch (verify_error) {
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return "the API server's certificate is not valid for \"" + verified_name + "\" (" + detail +
             "); use a server name the certificate lists, or set tls-server-name in "
             "the kubeconfig cluster";
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return "the API server's certificate at " + server + " is not valid now (" + detail +
             "); check the clock or renew the certificate";
    default:
      return "cannot verify the API server's certificate at " + server + " (" + detail +
             "); set certificate-authority or certificate-authority-data of the kubeconfig "
             "cluster to the CA that signed it";
  }
}

// An SSL client that presents the user's certificate chain and key.
Expected<std::unique_ptr<httplib::SSLClient>> client_with_certificate(
    const std::string& verified_name, const ServerAddress& server, const Credentials& credentials) {
  std::vector<X509*> chain = read_certificates(credentials.client_certificate_pem);
  BioPointer key_bio = memory_bio(credentials.client_key_pem);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr);
  if (chain.empty() || key == nullptr) {
    free_certificates(chain);
    EVP_PKEY_free(key);
    ERR_clear_error();
    return Error{std::string("the client ") + (key == nullptr ? "key" : "certificate") +
                 " is not valid PEM; check client-certificate(-data) and "
                 "client-key(-data) of the kubeconfig user"};
  }
  auto client =
      std::make_unique<httplib::SSLClient>(verified_name, server.port, chain.front(), key);
  EVP_PKEY_free(key);  // the context holds its own references
  if (client->is_valid()) {
    for (std::size_t i = 1; i < chain.size(); ++i) {
      SSL_CTX_add1_chain_cert(client->ssl_context(), chain[i]);
    }
  }
  free_certificates(chain);
  if (!client->is_valid()) {
    ERR_clear_error();
    return Error{
        "the client certificate and key do not match; check client-certificate and "
        "client-key of the kubeconfig user"};
  }
  return client;
}

// Server verification by OpenSSL itself: only the kubeconfig's CA is trusted (the system's
// when it names none), and the name checked is `verified_name`.
Status configure_verification(SSL_CTX* context, const TlsSettings& tls,
                              const std::string& verified_name) {
  if (tls.insecure) {
    SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nullptr);
    return ok_status();
  }
  SSL_CTX_set_verify(context, SSL_VERIFY_PEER, record_verify_error);
  if (!tls.ca_pem.empty()) {
    std::vector<X509*> authorities = read_certificates(tls.ca_pem);
    if (authorities.empty()) {
      return Error{
          "the certificate authority of the cluster holds no PEM certificate (-----BEGIN "
          "CERTIFICATE-----); use the cluster's CA in PEM (openssl x509 -inform der "
          "converts a DER file)",
          tls.ca_where};
    }
    X509_STORE* store = X509_STORE_new();
    for (X509* authority : authorities) {
      X509_STORE_add_cert(store, authority);
    }
    free_certificates(authorities);
    SSL_CTX_set_cert_store(context, store);  // the context owns the store now
  } else {
    SSL_CTX_set_default_verify_paths(context);
  }
  X509_VERIFY_PARAM* parameters = SSL_CTX_get0_param(context);
  if (is_ip_literal(verified_name)) {
    X509_VERIFY_PARAM_set1_ip_asc(parameters, verified_name.c_str());
  } else {
    X509_VERIFY_PARAM_set1_host(parameters, verified_name.c_str(), 0);
  }
  return ok_status();
}

// Session resumption for a connection to the configured server, through the process's cache:
// a session is bound to its server and TLS configuration, not to a transport, so two clients
// of one server (the agent's and its lease's) resume each other's.
std::unique_ptr<TlsResumption> resumption_for(const ClientConfig& config,
                                              const std::string& verified_name,
                                              const Credentials& credentials) {
  auto resumption = std::make_unique<TlsResumption>();
  resumption->cache = &process_tls_sessions();
  resumption->handshakes = &process_tls_handshakes();
  TlsSessionScope& scope = resumption->scope;
  scope.host = config.server.host;
  scope.port = config.server.port;
  scope.server_name = verified_name;
  scope.ca_pem = config.tls.ca_pem;
  scope.verify = !config.tls.insecure;
  scope.client_certificate_pem = credentials.client_certificate_pem;
  resumption->key = tls_session_scope_key(scope);
  return resumption;
}

// `limit`, shortened to the request timeout when one is set.
std::chrono::milliseconds at_most(std::chrono::milliseconds limit,
                                  std::chrono::milliseconds request_timeout) {
  return request_timeout.count() > 0 ? std::min(limit, request_timeout) : limit;
}

// "5s", "1m30s", "250ms": the request timeout as a person wrote it.
std::string timeout_text(std::chrono::milliseconds timeout) {
  if (timeout.count() % 1000 != 0) {
    return std::to_string(timeout.count()) + "ms";
  }
  return std::to_string(timeout.count() / 1000) + "s";
}

// Whether an unanswered attempt failed as the request timeout ran out. Socket timeouts run on
// the wall clock, so the wall clock tells whether it was this one.
bool ran_out(std::chrono::milliseconds request_timeout, httplib::Error error,
             std::chrono::steady_clock::time_point start) {
  bool timeout = error == httplib::Error::Read || error == httplib::Error::ConnectionTimeout;
  return request_timeout.count() > 0 && timeout &&
         std::chrono::steady_clock::now() - start >=
             request_timeout - std::chrono::milliseconds(50);
}

// Socket timeouts run on the wall clock, so the silence since the last byte, on the wall clock,
// tells a read that timed out from a connection the server closed; the time reported is the
// injected clock's, as every other duration of the transport.
ReadEnd read_end_of(std::chrono::milliseconds read_timeout,
                    std::chrono::steady_clock::time_point last_byte,
                    std::chrono::milliseconds elapsed) {
  const auto silence = std::chrono::steady_clock::now() - last_byte;
  ReadEnd end;
  end.silent_past_timeout = silence >= read_timeout - std::chrono::milliseconds(50);
  end.after = std::chrono::duration_cast<std::chrono::seconds>(elapsed);
  return end;
}

Error request_timeout_error(const ClientConfig& config, const HttpRequest& request,
                            std::chrono::milliseconds request_timeout) {
  return Error{"the API server at " + config.server.url() + " did not answer " + request.method +
               " " + request.target + " within the request timeout (--request-timeout " +
               timeout_text(request_timeout) + "); raise it, or pass 0 for none"};
}

// The status and the headers kexit reads of an answer, if one came.
void copy_status_line(const httplib::Response& answer, HttpResponse& out) {
  if (answer.status <= 0) {
    return;
  }
  out.status = answer.status;
  out.content_type = answer.get_header_value("Content-Type");
  if (answer.has_header("Retry-After")) {
    out.retry_after = parse_retry_after(answer.get_header_value("Retry-After"));
  }
}

HeaderList header_list(const httplib::Headers& headers) {
  return HeaderList(headers.begin(), headers.end());
}

// What every connection has, TLS or not: keep-alive, timeouts and the kubeconfig's proxy.
Status configure_client(httplib::ClientImpl& client, const TransportOptions& options,
                        const std::string& proxy_url) {
  client.set_url_encode(false);  // targets are encoded by to_query_string
  client.set_keep_alive(true);
  client.set_connection_timeout(at_most(options.connect_timeout, options.request_timeout));
  client.set_write_timeout(options.write_timeout);
  KEXIT_ASSIGN(proxy, parse_proxy(proxy_url));
  if (proxy) {
    client.set_proxy(proxy->host, proxy->port);
    if (!proxy->username.empty()) {
      client.set_proxy_basic_auth(proxy->username, proxy->password);
    }
  }
  return ok_status();
}

// Authorization and impersonation headers of the kubeconfig user.
void set_user_headers(httplib::Request& http_request, const Credentials& credentials,
                      const AuthSettings& auth) {
  if (!credentials.bearer_token.empty()) {
    http_request.set_header("Authorization", "Bearer " + credentials.bearer_token);
  } else if (!credentials.basic_username.empty() || !credentials.basic_password.empty()) {
    http_request.set_header(
        "Authorization",
        "Basic " + base64_encode(credentials.basic_username + ":" + credentials.basic_password));
  }
  if (!auth.impersonate.empty()) {
    http_request.set_header("Impersonate-User", auth.impersonate);
  }
  if (!auth.impersonate_uid.empty()) {
    http_request.set_header("Impersonate-Uid", auth.impersonate_uid);
  }
  for (const std::string& group : auth.impersonate_groups) {
    http_request.headers.emplace("Impersonate-Group", group);
  }
  for (const auto& [key, values] : auth.impersonate_extra) {
    for (const std::string& value : values) {
      http_request.headers.emplace("Impersonate-Extra-" + percent_encode(key), value);
    }
  }
}

// The request as httplib sends it, without the body handlers.
httplib::Request http_request_of(const HttpRequest& request, const ClientConfig& config,
                                 const Credentials& credentials) {
  httplib::Request http_request;
  http_request.method = request.method;
  http_request.path = config.server.path_prefix + request.target;
  http_request.body = request.body;
  http_request.set_header("Accept", request.accept);
  http_request.set_header("User-Agent", kUserAgent);
  if (!request.content_type.empty()) {
    http_request.set_header("Content-Type", request.content_type);
  }
  if (!config.tls.server_name.empty()) {
    // The connection is made under tls-server-name; the Host header still names the server.
    http_request.set_header("Host", config.server.host_and_port());
  }
  set_user_headers(http_request, credentials, config.auth);
  return http_request;
}

// A request that never reached the server can always be sent again; one that may have been
// applied only if it is a read. A TLS failure is not retried: it would fail the same way.
bool may_resend_unanswered(httplib::Error error, const HttpRequest& request) {
  if (error == httplib::Error::SSLConnection || error == httplib::Error::SSLServerVerification) {
    return false;
  }
  bool not_sent = error == httplib::Error::Connection || error == httplib::Error::ConnectionTimeout;
  return not_sent || request.method == "GET";
}

// The error of a request that got no answer and will not be sent again.
Error unanswered_error(httplib::Error error, int verify_error,
                       const std::vector<unsigned long>& tls_errors, const ClientConfig& config,
                       const HttpRequest& request, std::chrono::seconds connect_timeout,
                       const ReadEnd& read_end, int attempts) {
  const std::string server = config.server.url();
  if (error == httplib::Error::SSLConnection || error == httplib::Error::SSLServerVerification) {
    return Error{tls_failure(
        verify_error, tls_errors,
        config.tls.server_name.empty() ? config.server.host : config.tls.server_name, server)};
  }
  std::string message = transport_failure(error, server, request, connect_timeout, read_end);
  if (attempts > 1) {
    message += " (" + std::to_string(attempts) + " attempts)";
  }
  return Error{message};
}

void trace_on_stderr(const std::string& line) { std::cerr << "kexit: " << line << '\n'; }

void warn_on_stderr(const std::string& message) {
  std::cerr << "kexit: warning: " << message << "\n";
}

}  // namespace

void Cancellation::cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  cancelled_ = true;
  if (client_ != nullptr) {
    client_->stop();
  }
}

bool Cancellation::cancelled() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cancelled_;
}

bool Cancellation::attach(httplib::ClientImpl* client) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (cancelled_) {
    return false;
  }
  client_ = client;
  return true;
}

void Cancellation::detach() {
  std::lock_guard<std::mutex> lock(mutex_);
  client_ = nullptr;
}

struct HttpTransport::Connection {
  // Declared before the client: the client's SSL_CTX points to it until the client is gone.
  std::unique_ptr<TlsResumption> resumption;
  std::unique_ptr<httplib::ClientImpl> client;
  std::uint64_t certificate_generation = 0;
  // Taken from the pool: the server may have closed it while it idled.
  bool reused = false;
};

struct HttpTransport::Attempt {
  bool tried = true;  // false when a cancellation came before the request went out
  bool sent = false;  // an HTTP status came back
  HttpResponse response;
  httplib::Error error = httplib::Error::Success;
  int verify_error = X509_V_OK;
  std::vector<unsigned long> tls_errors;  // OpenSSL's error queue after the attempt
  bool delivered = false;                 // streamed bytes reached on_body
  bool reusable = false;
  // Why kexit stopped reading an answer it will not take (too long, too big).
  std::string refusal;
  // Failed as the request timeout ran out (connecting or waiting for the answer).
  bool timed_out = false;
  ReadEnd read_end;  // how reading ended, when it failed
};

void HttpTransport::trace(const httplib::Request& sent, const httplib::Response* answer,
                          std::chrono::milliseconds latency) const {
  if (options_.verbosity < kTraceRequests) {
    return;
  }
  TracedExchange exchange;
  exchange.method = sent.method;
  exchange.url = config_.server.scheme + "://" + config_.server.host_and_port() + sent.path;
  exchange.request_headers = header_list(sent.headers);
  exchange.latency = latency;
  if (answer != nullptr) {
    exchange.status = answer->status;
    exchange.response_headers = header_list(answer->headers);
  }
  for (const std::string& line : trace_lines(exchange, options_.verbosity)) {
    options_.trace(line);
  }
}

HttpTransport::HttpTransport(ClientConfig config, TransportOptions options)
    : config_(std::move(config)),
      options_(std::move(options)),
      clock_(options_.clock != nullptr ? options_.clock : &system_clock()),
      credentials_(config_, *clock_,
                   options_.exec.value_or(ExecRunOptions{::isatty(STDIN_FILENO) == 1})),
      next_seed_(options_.jitter_seed != 0 ? options_.jitter_seed : std::random_device{}()) {
  // A peer that closes the socket mid-write would otherwise kill the process.
  static std::once_flag ignore_sigpipe;
  std::call_once(ignore_sigpipe, [] { ::signal(SIGPIPE, SIG_IGN); });
  if (!options_.warn) {
    options_.warn = warn_on_stderr;
  }
  if (!options_.trace) {
    options_.trace = trace_on_stderr;
  }
  if (config_.server.is_tls() && config_.tls.insecure) {
    options_.warn("TLS certificate verification is off for " + config_.server.url() +
                  " (insecure-skip-tls-verify); anyone on the network path can read and change "
                  "this traffic");
  }
}

HttpTransport::~HttpTransport() = default;

namespace {

// The server's address, resolved by the first connection and kept in `kept`: inspect opens
// its first two connections on two threads at once (the log is read beside the Events), so
// `kept` is read and written under the pool's mutex. The lookup itself runs outside it; two
// threads may both resolve, and the first answer is kept.
Expected<std::string> shared_connect_address(std::mutex& mutex, std::string& kept,
                                             const std::string& host) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!kept.empty()) {
      return kept;
    }
  }
  KEXIT_ASSIGN(address, numeric_address(host));
  std::lock_guard<std::mutex> lock(mutex);
  if (kept.empty()) {
    kept = address;
  }
  return kept;
}

}  // namespace

Expected<std::unique_ptr<HttpTransport::Connection>> HttpTransport::connect(
    const Credentials& credentials) {
  const ServerAddress& server = config_.server;
  auto connection = std::make_unique<Connection>();
  connection->certificate_generation = credentials.certificate_generation;
  if (!server.is_tls()) {
    connection->client = std::make_unique<httplib::ClientImpl>(server.host, server.port);
  } else {
    const std::string& verified_name =
        config_.tls.server_name.empty() ? server.host : config_.tls.server_name;
    std::unique_ptr<httplib::SSLClient> client;
    if (!credentials.client_certificate_pem.empty()) {
      KEXIT_ASSIGN_TO(client, client_with_certificate(verified_name, server, credentials));
    } else {
      client = std::make_unique<httplib::SSLClient>(verified_name, server.port);
    }
    // Verification is done by OpenSSL itself rather than by httplib, so that only the
    // kubeconfig's CA is trusted (httplib adds the system roots) and tls-server-name works.
    client->enable_server_certificate_verification(false);
    KEXIT_CHECK(configure_verification(client->ssl_context(), config_.tls, verified_name));
    connection->resumption = resumption_for(config_, verified_name, credentials);
    enable_session_resumption(client->ssl_context(), *connection->resumption);
    if (!config_.tls.server_name.empty()) {
      // Connect to the server's address while naming (SNI, verification) tls-server-name.
      KEXIT_ASSIGN(address, shared_connect_address(pool_mutex_, connect_address_, server.host));
      client->set_hostname_addr_map({{config_.tls.server_name, address}});
    }
    connection->client = std::move(client);
  }
  KEXIT_CHECK(configure_client(*connection->client, options_, config_.proxy_url));
  return connection;
}

Expected<std::unique_ptr<HttpTransport::Connection>> HttpTransport::acquire(
    const Credentials& credentials) {
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    while (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      if (connection->certificate_generation == credentials.certificate_generation) {
        connection->reused = true;
        return connection;
      }
    }
  }
  return connect(credentials);
}

void HttpTransport::release(std::unique_ptr<Connection> connection) {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  if (idle_.size() < options_.max_idle_connections) {
    idle_.push_back(std::move(connection));
  }
}

HttpTransport::Attempt HttpTransport::send_once(Connection& connection, const HttpRequest& request,
                                                const Credentials& credentials,
                                                Cancellation* cancellation) {
  Attempt attempt;
  httplib::ClientImpl& client = *connection.client;
  const auto read_timeout = at_most(request.read_timeout, request_timeout_of(request));
  client.set_read_timeout(read_timeout);
  httplib::Request http_request = http_request_of(request, config_, credentials);

  int status = 0;
  HttpResponse& out = attempt.response;
  const TimePoint started = clock_->now();
  const auto wall_start = std::chrono::steady_clock::now();
  auto last_byte = wall_start;  // when the server last sent something, for read_end
  auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_->now() - started);
  };
  http_request.response_handler = [&](const httplib::Response& response) {
    status = response.status;
    last_byte = std::chrono::steady_clock::now();
    trace(http_request, &response, elapsed());
    return true;
  };
  http_request.content_receiver = [&](const char* data, std::size_t length, std::uint64_t,
                                      std::uint64_t) {
    last_byte = std::chrono::steady_clock::now();
    attempt.refusal = refusal_of(request, out.body.size() + length, clock_->now() - started);
    if (!attempt.refusal.empty()) {
      return false;
    }
    if (request.on_body && status >= 200 && status < 300) {
      attempt.delivered = true;
      if (!request.on_body(std::string_view(data, length))) {
        out.stopped = true;
        return false;
      }
      return true;
    }
    if (out.body.size() < (request.on_body ? kMaxErrorBodyBytes : out.body.max_size())) {
      out.body.append(data, length);
    }
    return true;
  };

  if (cancellation != nullptr && !cancellation->attach(&client)) {
    attempt.tried = false;
    attempt.error = httplib::Error::Canceled;
    return attempt;
  }
  httplib::Response http_response;
  httplib::Error error = httplib::Error::Success;
  tls_verify_error = X509_V_OK;
  ERR_clear_error();
  bool sent = client.send(http_request, http_response, error);
  attempt.verify_error = tls_verify_error;
  attempt.tls_errors = take_openssl_errors();
  if (cancellation != nullptr) {
    cancellation->detach();
  }
  if (status == 0) {
    trace(http_request, nullptr, elapsed());
  }
  attempt.error = error;
  attempt.timed_out = !sent && ran_out(request_timeout_of(request), error, wall_start);
  attempt.read_end = read_end_of(read_timeout, last_byte, elapsed());
  copy_status_line(http_response, out);
  if (sent) {
    attempt.sent = true;
    attempt.reusable = true;
  } else if (out.stopped && out.status > 0) {
    attempt.sent = true;
  } else if (attempt.delivered && out.status > 0) {
    attempt.sent = true;
    out.interruption = transport_failure(error, config_.server.url(), request,
                                         options_.connect_timeout, attempt.read_end);
  }
  return attempt;
}

std::chrono::milliseconds HttpTransport::request_timeout_of(const HttpRequest& request) const {
  return request.long_running ? std::chrono::milliseconds(0) : options_.request_timeout;
}

std::string HttpTransport::refusal_of(const HttpRequest& request, std::size_t body_bytes,
                                      std::chrono::system_clock::duration elapsed) const {
  const std::string what = "the answer to " + request.method + " " + request.target;
  if (const auto timeout = request_timeout_of(request); timeout.count() > 0 && elapsed > timeout) {
    return what + " took longer than the request timeout (--request-timeout " +
           timeout_text(timeout) + "); raise it, or pass 0 for none";
  }
  if (elapsed > request.max_duration) {
    return what + " was still coming after " + std::to_string(request.max_duration.count()) +
           " s, kexit's limit; the server or a proxy in between never ends it";
  }
  if (!request.on_body && body_bytes > request.max_body_bytes) {
    return what + " exceeds " + std::to_string(request.max_body_bytes >> 20) +
           " MiB, kexit's limit for one answer; the server or a proxy in between sends "
           "something else";
  }
  return "";
}

bool HttpTransport::wait(std::chrono::milliseconds delay, Cancellation* cancellation) {
  constexpr std::chrono::milliseconds kSlice{100};
  while (delay.count() > 0) {
    if (cancellation != nullptr && cancellation->cancelled()) {
      return false;
    }
    auto step = std::min(delay, kSlice);
    clock_->sleep_for(step);
    delay -= step;
  }
  return cancellation == nullptr || !cancellation->cancelled();
}

void HttpTransport::observe(const HttpRequest& request, int status,
                            std::string_view failure) const {
  if (observer_) {
    observer_(HttpAttempt{request.method, request.target, status, failure});
  }
}

void HttpTransport::observe_attempt(const HttpRequest& request, const Attempt& attempt) const {
  if (!attempt.tried) {
    return;
  }
  // A stream that broke after its status line counts with that status: the server answered.
  if (!attempt.sent) {
    observe(request, 0,
            transport_failure(attempt.error, config_.server.url(), request,
                              options_.connect_timeout, attempt.read_end));
  } else {
    const int status = attempt.response.status;
    observe(request, status,
            status >= 300 ? std::string_view(attempt.response.body) : std::string_view());
  }
}

std::uint64_t HttpTransport::next_seed() {
  std::lock_guard<std::mutex> lock(backoff_mutex_);
  return next_seed_++;
}

void HttpTransport::drop_idle_connections() {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  idle_.clear();
}

Expected<HttpResponse> HttpTransport::send(const HttpRequest& request, Cancellation* cancellation) {
  Backoff backoff(options_.retry, next_seed());
  int max_attempts = request.retry ? std::max(1, options_.retry.max_attempts) : 1;
  bool refreshed_after_401 = false;
  bool resent_on_fresh_connection = false;
  for (int attempt_number = 1;; ++attempt_number) {
    auto current = credentials_.current();
    if (!current) {
      observe(request, 0, current.error().message);
      return current.error();
    }
    const Credentials& credentials = *current;
    auto acquired = acquire(credentials);
    if (!acquired) {
      observe(request, 0, acquired.error().message);
      return acquired.error();
    }
    std::unique_ptr<Connection> connection = std::move(*acquired);
    Attempt attempt = send_once(*connection, request, credentials, cancellation);
    attempt.response.attempts = attempt_number;
    if (!attempt.refusal.empty()) {
      observe(request, attempt.response.status, attempt.refusal);
      return Error{attempt.refusal};
    }
    observe_attempt(request, attempt);
    if (attempt.reusable) {
      release(std::move(connection));
    }
    if (cancellation != nullptr && cancellation->cancelled()) {
      return Error{"request cancelled"};
    }
    if (!attempt.sent && attempt.timed_out) {
      return request_timeout_error(config_, request, request_timeout_of(request));
    }
    if (!attempt.sent) {
      httplib::Error error = attempt.error;
      if (connection && connection->reused && !resent_on_fresh_connection &&
          (error == httplib::Error::Read || error == httplib::Error::Write)) {
        // The classic keep-alive race: the server closed the idle connection as the request
        // went out, so it never read it. Send once more on a new connection, whatever the
        // method (a duplicate create or update would be refused with 409, not applied twice).
        resent_on_fresh_connection = true;
        drop_idle_connections();
        --attempt_number;
        continue;
      }
      if (may_resend_unanswered(error, request) && attempt_number < max_attempts) {
        if (!wait(backoff.next_delay(), cancellation)) {
          return Error{"request cancelled"};
        }
        continue;
      }
      return unanswered_error(error, attempt.verify_error, attempt.tls_errors, config_, request,
                              options_.connect_timeout, attempt.read_end, attempt_number);
    }
    HttpResponse& response = attempt.response;
    if (response.status == 401 && !refreshed_after_401 && credentials_.invalidate()) {
      // A rotated token file or an expired exec credential: fetch new ones and send again.
      refreshed_after_401 = true;
      --attempt_number;
      continue;
    }
    if (is_retryable_status(response.status, request.method, response.retry_after.has_value()) &&
        attempt_number < max_attempts && !attempt.delivered) {
      if (!wait(backoff.next_delay(response.retry_after), cancellation)) {
        return Error{"request cancelled"};
      }
      continue;
    }
    return std::move(response);
  }
}

}  // namespace kexit::kube
