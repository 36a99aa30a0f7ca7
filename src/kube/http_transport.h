#pragma once
// HttpTransport: sends HTTP requests to one API server over cpp-httplib — TLS as the
// kubeconfig says, current credentials, connect/read timeouts, a pool of kept-alive
// connections, and retries with jittered backoff on connection errors, 429 and 5xx.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"
#include "kube/client_config.h"
#include "kube/clock.h"
#include "kube/credential_provider.h"
#include "kube/retry_policy.h"

namespace httplib {
class ClientImpl;
struct Request;
struct Response;
}  // namespace httplib

namespace kexit::kube {

struct HttpRequest {
  std::string method = "GET";
  // Path and query below the server URL: "/api/v1/pods?limit=500".
  std::string target;
  std::string body;
  std::string content_type;
  std::string accept = "application/json";
  // How long the server may stay silent; a watch needs more than its timeoutSeconds.
  std::chrono::seconds read_timeout{30};
  // Streams the body of a 2xx answer here as it arrives instead of into HttpResponse::body;
  // returning false stops reading. Error bodies are still collected in HttpResponse::body.
  std::function<bool(std::string_view)> on_body;
  // Send again on connection errors, 429 and 5xx (see is_retryable_status).
  bool retry = true;
  // How long the whole answer may take, however steadily bytes keep coming: the read timeout
  // only catches a silent server, not one that trickles an endless chunked body.
  std::chrono::seconds max_duration{300};
  // A watch: --request-timeout does not cut it. kexit watch and the agent follow a stream for
  // as long as the server keeps it (its timeoutSeconds); cut every T seconds it would only be
  // reopened, with a warning each time. read_timeout and max_duration still bound it.
  bool long_running = false;
  // A body that is not streamed (no on_body) longer than this is refused, not buffered: lists
  // are paged (500 objects) and logs are read with limitBytes, so only a broken server or
  // proxy sends more.
  std::size_t max_body_bytes = 64 * 1024 * 1024;
};

struct HttpResponse {
  int status = 0;
  std::string content_type;
  // The whole body, except a streamed 2xx body (given to on_body).
  std::string body;
  std::optional<std::chrono::seconds> retry_after;
  // How many times the request was sent.
  int attempts = 1;
  // A streamed body ended because on_body returned false.
  bool stopped = false;
  // A streamed 2xx body broke off after bytes were delivered (the server or network dropped
  // the connection): why. Empty when the body ended cleanly.
  std::string interruption;
};

// One time the transport put a request on the wire (or tried to): retries, the resend after a
// 401 and the resend on a fresh connection each count, so a metric of them shows what the
// server saw, not what the caller asked for.
struct HttpAttempt {
  std::string_view method;
  // As in HttpRequest: path and query below the server URL.
  std::string_view target;
  // The HTTP status; 0 when no answer came back (connection, TLS, credentials).
  int status = 0;
  // Why it failed: for status 0 what went wrong on the way; for an error status the answer's
  // body (a Status object), empty for a success.
  std::string_view failure;
};
using AttemptObserver = std::function<void(const HttpAttempt&)>;

// Lets another thread abort a request in flight (a watch idling on a quiet resource) and the
// backoff waits between attempts.
class Cancellation {
 public:
  void cancel();
  bool cancelled() const;

 private:
  friend class HttpTransport;
  // False when already cancelled.
  bool attach(httplib::ClientImpl* client);
  void detach();

  mutable std::mutex mutex_;
  httplib::ClientImpl* client_ = nullptr;
  bool cancelled_ = false;
};

struct TransportOptions {
  // nullptr: the system clock. Used for backoff waits and credential expiry.
  Clock* clock = nullptr;
  RetryPolicy retry;
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds write_timeout{30};
  // How long the server may stay silent, for requests that set no timeout of their own
  // (watches and followed logs do).
  std::chrono::seconds read_timeout{30};
  std::size_t max_idle_connections = 16;
  // Warnings for the user (insecure TLS); default: "kexit: warning: ..." on stderr.
  std::function<void(const std::string&)> warn;
  // nullopt: whether stdin is a terminal decides if exec plugins may prompt.
  std::optional<ExecRunOptions> exec;
  // 0: a random seed for backoff jitter.
  std::uint64_t jitter_seed = 0;
  // --request-timeout: how long one attempt of any request may take, connecting and reading
  // the whole answer included; 0: only the timeouts above. An attempt that runs out is not
  // sent again.
  std::chrono::milliseconds request_timeout{0};
  // -v: from 6 each request is traced (request_trace.h).
  int verbosity = 0;
  // Where trace lines go; default: "kexit: ..." on stderr.
  std::function<void(const std::string&)> trace;
};

class HttpTransport {
 public:
  explicit HttpTransport(ClientConfig config, TransportOptions options = {});
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Any HTTP status is a response; errors are failures to get one (connection, TLS,
  // credentials, cancellation), with a message naming what to check. Thread-safe.
  Expected<HttpResponse> send(const HttpRequest& request, Cancellation* cancellation = nullptr);

  // Called after every attempt, on the sending thread. Set before the first request.
  void observe_attempts(AttemptObserver observer) { observer_ = std::move(observer); }

  const ClientConfig& config() const { return config_; }
  const TransportOptions& options() const { return options_; }
  Clock& clock() { return *clock_; }

 private:
  struct Connection;
  struct Attempt;

  Expected<std::unique_ptr<Connection>> acquire(const Credentials& credentials);
  void release(std::unique_ptr<Connection> connection);
  Expected<std::unique_ptr<Connection>> connect(const Credentials& credentials);
  Attempt send_once(Connection& connection, const HttpRequest& request,
                    const Credentials& credentials, Cancellation* cancellation);
  // A seed for one request's backoff jitter.
  std::uint64_t next_seed();
  // Drops the idle connections: after one of them was found closed, the rest idled as long.
  void drop_idle_connections();
  // Waits, in slices so a cancellation ends the wait; false when cancelled.
  bool wait(std::chrono::milliseconds delay, Cancellation* cancellation);
  void observe(const HttpRequest& request, int status, std::string_view failure = {}) const;
  // Observes one attempt that went out (or failed to), with its status or failure.
  void observe_attempt(const HttpRequest& request, const Attempt& attempt) const;
  // Prints the -v lines of one attempt.
  void trace(const httplib::Request& sent, const httplib::Response* answer,
             std::chrono::milliseconds latency) const;
  // Why an answer must not be read further: over max_duration, the request timeout or
  // max_body_bytes; "" if fine.
  // --request-timeout for this request: none for a long-running one.
  std::chrono::milliseconds request_timeout_of(const HttpRequest& request) const;
  std::string refusal_of(const HttpRequest& request, std::size_t body_bytes,
                         std::chrono::system_clock::duration elapsed) const;

  ClientConfig config_;
  TransportOptions options_;
  Clock* clock_;
  CredentialProvider credentials_;
  AttemptObserver observer_;
  // Resolved once when tls-server-name routes the connection by another name.
  std::string connect_address_;

  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::mutex backoff_mutex_;
  std::uint64_t next_seed_;
};

}  // namespace kexit::kube
