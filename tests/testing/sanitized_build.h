#pragma once
// Whether this test binary was built with AddressSanitizer. ASan reserves shadow memory and
// quarantines freed blocks, so every process's peak RSS is above 500 MiB and its CPU time
// 1.5-3x the normal build's: the resource bounds of the hostile-input tests hold for the
// normal build only, while what those tests check about the output holds in both.

namespace kexit::testing_support {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitizedBuild = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif
#else
inline constexpr bool kSanitizedBuild = false;
#endif

}  // namespace kexit::testing_support
