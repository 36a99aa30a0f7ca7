#pragma once
// ShellWord: a value from the cluster or a file written as one word of a POSIX shell command,
// so a command kexit prints can be pasted as it is.

#include <string>

namespace kexit {

// The value as it is when it holds only characters a shell leaves alone (every valid
// Kubernetes name and image reference), else single-quoted, so a hostile name ("x$(curl …)")
// is never run by whoever pastes the command. "" for a value that starts with "-", which a
// command would read as a flag: the caller leaves it unknown and drops its command. "" for "".
std::string shell_word(const std::string& value);

}  // namespace kexit
