#pragma once
// FaultInjector: failures tests switch on to exercise clients' error paths: error statuses
// (429 with Retry-After, 500, 503, ...), slow responses, watches cut mid-event or closed when
// idle, dropping every open watch at once, and TLS handshakes refused or garbled.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kubesim/access_policy.h"

namespace kexit::kubesim {

struct FaultRule {
  // Which requests: "" matches any. `resource` may name a subresource ("pods/log").
  std::string verb;
  std::string resource;
  std::string namespace_name;
  std::string path_prefix;
  // 0 for no error (a pure delay); else the HTTP status to answer. 429 answers the API
  // priority-and-fairness plain-text body; others a metav1.Status.
  int status = 0;
  int retry_after_seconds = 0;
  std::string message;  // overrides the default message
  std::chrono::milliseconds delay{0};
  // How many matching requests it affects; -1 until cleared.
  int times = -1;
};

// The rule the fault scenarios mostly write: the next `times` requests of `verb` on
// `resource` answered `status` (0: untouched, for a rule that only sets a delay).
FaultRule fault_rule(const std::string& verb, const std::string& resource, int status, int times);

// What the server does with a TLS ClientHello while handshake faults are on.
enum class HandshakeFault {
  kRefuse,  // a handshake_failure alert, as a server with no cipher in common sends
  kGarble,  // bytes that are no TLS record, as a proxy that speaks plain HTTP sends
};

struct FaultDecision {
  std::chrono::milliseconds delay{0};
  std::optional<FaultRule> error;
};

class FaultInjector {
 public:
  void add(const FaultRule& rule);
  void clear();
  // The faults for one request; uses up one of each matching rule's `times`.
  FaultDecision on_request(const RequestAttributes& request, const std::string& path);

  // Every watch open now ends abruptly (connection closed without the final chunk).
  void drop_watches();
  std::uint64_t drop_generation() const;
  // The next `count` watches to start are cut after sending `events` events, in the middle of
  // the next one.
  void cut_watches_after(std::size_t events, int count = 1);
  std::optional<std::size_t> take_watch_cut();
  // The next `count` TLS handshakes fail with `fault` (connections already open go on).
  void fail_handshakes(HandshakeFault fault, int count);
  std::optional<HandshakeFault> take_handshake_fault();
  std::size_t handshakes_failed() const;

  // Requests answered with a rule's error status, and requests a rule delayed, since start:
  // what a client under test should have seen and counted.
  std::size_t errors_injected() const;
  std::size_t delays_injected() const;

  // Watches that sent nothing for this long end cleanly, as behind an idle-closing proxy.
  void set_idle_watch_timeout(std::optional<std::chrono::milliseconds> timeout);
  std::optional<std::chrono::milliseconds> idle_watch_timeout() const;

 private:
  mutable std::mutex mutex_;
  std::vector<FaultRule> rules_;
  std::uint64_t drop_generation_ = 0;
  std::vector<std::size_t> watch_cuts_;
  std::optional<std::chrono::milliseconds> idle_watch_timeout_;
  std::size_t errors_injected_ = 0;
  std::size_t delays_injected_ = 0;
  HandshakeFault handshake_fault_ = HandshakeFault::kRefuse;
  int handshakes_to_fail_ = 0;
  std::size_t handshakes_failed_ = 0;
};

}  // namespace kexit::kubesim
