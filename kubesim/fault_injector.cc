#include "kubesim/fault_injector.h"

#include "base/text.h"

namespace kexit::kubesim {

FaultRule fault_rule(const std::string& verb, const std::string& resource, int status, int times) {
  FaultRule rule;
  rule.verb = verb;
  rule.resource = resource;
  rule.status = status;
  rule.times = times;
  return rule;
}

void FaultInjector::add(const FaultRule& rule) {
  std::lock_guard lock(mutex_);
  rules_.push_back(rule);
}

void FaultInjector::clear() {
  std::lock_guard lock(mutex_);
  rules_.clear();
  watch_cuts_.clear();
  idle_watch_timeout_.reset();
  handshakes_to_fail_ = 0;
}

void FaultInjector::fail_handshakes(HandshakeFault fault, int count) {
  std::lock_guard lock(mutex_);
  handshake_fault_ = fault;
  handshakes_to_fail_ = count;
}

std::optional<HandshakeFault> FaultInjector::take_handshake_fault() {
  std::lock_guard lock(mutex_);
  if (handshakes_to_fail_ <= 0) {
    return std::nullopt;
  }
  --handshakes_to_fail_;
  ++handshakes_failed_;
  return handshake_fault_;
}

std::size_t FaultInjector::handshakes_failed() const {
  std::lock_guard lock(mutex_);
  return handshakes_failed_;
}

FaultDecision FaultInjector::on_request(const RequestAttributes& request, const std::string& path) {
  FaultDecision decision;
  std::string resource =
      request.subresource.empty() ? request.resource : request.resource + "/" + request.subresource;
  std::lock_guard lock(mutex_);
  for (auto it = rules_.begin(); it != rules_.end();) {
    FaultRule& rule = *it;
    bool matches = (rule.verb.empty() || rule.verb == request.verb) &&
                   (rule.resource.empty() || rule.resource == resource) &&
                   (rule.namespace_name.empty() || rule.namespace_name == request.namespace_name) &&
                   (rule.path_prefix.empty() || starts_with(path, rule.path_prefix));
    if (!matches) {
      ++it;
      continue;
    }
    decision.delay += rule.delay;
    if (rule.status != 0 && !decision.error) {
      decision.error = rule;
    }
    if (rule.times > 0 && --rule.times == 0) {
      it = rules_.erase(it);
    } else {
      ++it;
    }
  }
  errors_injected_ += decision.error ? 1 : 0;
  delays_injected_ += decision.delay.count() > 0 ? 1 : 0;
  return decision;
}

std::size_t FaultInjector::errors_injected() const {
  std::lock_guard lock(mutex_);
  return errors_injected_;
}

std::size_t FaultInjector::delays_injected() const {
  std::lock_guard lock(mutex_);
  return delays_injected_;
}

void FaultInjector::drop_watches() {
  std::lock_guard lock(mutex_);
  ++drop_generation_;
}

std::uint64_t FaultInjector::drop_generation() const {
  std::lock_guard lock(mutex_);
  return drop_generation_;
}

void FaultInjector::cut_watches_after(std::size_t events, int count) {
  std::lock_guard lock(mutex_);
  for (int i = 0; i < count; ++i) {
    watch_cuts_.push_back(events);
  }
}

std::optional<std::size_t> FaultInjector::take_watch_cut() {
  std::lock_guard lock(mutex_);
  if (watch_cuts_.empty()) {
    return std::nullopt;
  }
  std::size_t events = watch_cuts_.front();
  watch_cuts_.erase(watch_cuts_.begin());
  return events;
}

void FaultInjector::set_idle_watch_timeout(std::optional<std::chrono::milliseconds> timeout) {
  std::lock_guard lock(mutex_);
  idle_watch_timeout_ = timeout;
}

std::optional<std::chrono::milliseconds> FaultInjector::idle_watch_timeout() const {
  std::lock_guard lock(mutex_);
  return idle_watch_timeout_;
}

}  // namespace kexit::kubesim
