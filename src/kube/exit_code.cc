#include "kube/exit_code.h"

#include <charconv>
#include <cstdint>
#include <cstdio>

#include "base/text.h"

namespace kexit::kube {
namespace {

constexpr long long kUnsigned32Limit = 1LL << 32;
constexpr long long kSigned32Min = -(1LL << 31);

std::optional<long long> read_hex(std::string_view digits) {
  unsigned long long value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
      value >= static_cast<unsigned long long>(kUnsigned32Limit)) {
    return std::nullopt;
  }
  return static_cast<long long>(value);
}

}  // namespace

std::optional<long long> fold_exit_code(long long value) {
  if (value < kSigned32Min || value >= kUnsigned32Limit) {
    return std::nullopt;
  }
  return value >= (1LL << 31) ? value - kUnsigned32Limit : value;
}

std::optional<long long> read_exit_code(std::string_view text) {
  text = trim(text);
  std::optional<long long> value;
  if (starts_with(text, "0x") || starts_with(text, "0X")) {
    value = read_hex(text.substr(2));
  } else if (long long decimal = 0; parse_int(text, decimal)) {
    value = decimal;
  }
  return value ? fold_exit_code(*value) : std::nullopt;
}

std::string windows_status_hex(long long value) {
  // Small negatives are exit(-N) or Chromium's net errors, not statuses.
  constexpr long long kSmallestStatus = 0x40000000;
  bool status = (value >= kSmallestStatus && value < (1LL << 31)) ||
                (value >= kSigned32Min && value <= -0x10000);
  if (!status) {
    return "";
  }
  char text[16];
  std::snprintf(text, sizeof text, "0x%08X", static_cast<std::uint32_t>(value));
  return text;
}

}  // namespace kexit::kube
