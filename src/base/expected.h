#pragma once
// Expected<T>: a T or an Error; core code returns these instead of throwing. The error type
// can be another one (kubesim answers with API errors).

#include <cassert>
#include <utility>
#include <variant>

#include "base/error.h"

namespace kexit {

template <typename T, typename E = Error>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Expected(E error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, E> state_;
};

// For operations that produce nothing but may fail.
struct Done {};
using Status = Expected<Done>;
inline Status ok_status() { return Done{}; }

}  // namespace kexit

// Inside a function returning Expected<...> or Status: evaluates `expression` (an Expected),
// returns its Error on failure, else declares `target` holding its value.
#define KEXIT_ASSIGN(target, expression) \
  auto target##_result = (expression);   \
  if (!target##_result.ok()) {           \
    return target##_result.error();      \
  }                                      \
  auto target = std::move(target##_result).value()

// Inside a function returning Expected<...> or Status: evaluates `expression` (an Expected),
// returns its Error on failure, else moves its value into `lvalue` (a member, an element, an
// existing variable), so reading a field into a struct costs one line.
#define KEXIT_ASSIGN_TO(lvalue, expression)               \
  do {                                                    \
    auto kexit_assign_to_result = (expression);           \
    if (!kexit_assign_to_result.ok()) {                   \
      return kexit_assign_to_result.error();              \
    }                                                     \
    (lvalue) = std::move(kexit_assign_to_result).value(); \
  } while (false)

// Inside a function returning Expected<...> or Status: returns the Error of a failed Status.
#define KEXIT_CHECK(expression)             \
  do {                                      \
    auto kexit_check_result = (expression); \
    if (!kexit_check_result.ok()) {         \
      return kexit_check_result.error();    \
    }                                       \
  } while (false)
