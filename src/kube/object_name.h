#pragma once
// Object names as the API server admits them (k8s.io/apimachinery/pkg/util/validation): a
// DNS-1123 label for namespaces and containers, a DNS-1123 subdomain for most other objects.
// A name read from a file that is neither did not come from a cluster, and must not reach a
// command printed for a person to paste.

#include <string_view>

namespace kexit::kube {

// 1 to 63 of [a-z0-9-], starting and ending with a letter or digit.
bool is_dns1123_label(std::string_view name);

// Up to 253 characters: DNS-1123 labels joined by dots.
bool is_dns1123_subdomain(std::string_view name);

}  // namespace kexit::kube
