#pragma once
// The indentation of `kubectl describe pod` text that lost it on the way into a ticket (pasted
// from a rendered page, outside a code block), restored from the keys kubectl prints.

#include <string>
#include <string_view>

namespace kexit::kube {

// The text with each line indented as kubectl indents it, when no line after the first
// "Name:" is indented; else the text unchanged. Lines it cannot place stay where they are.
std::string restore_describe_indentation(std::string_view text);

}  // namespace kexit::kube
