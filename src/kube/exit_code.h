#pragma once
// ExitCodeReading: the one rule for reading an exit code a person or a tool wrote down, shared
// by `kexit explain`, the pod readers and the corpus: decimal with a sign, or hexadecimal.
//
// Windows containers exit with 32-bit NTSTATUS-like values. The API server reports them as
// a signed int32 (-1073741819), Docker prints them unsigned (3221225477) and Windows tools
// in hex (0xC0000005); all three forms name the same exit, so they are folded to the signed
// int32 the API serves.

#include <optional>
#include <string>
#include <string_view>

namespace kexit::kube {

// The exit code `text` names, folded to the API server's signed int32 form; nullopt when
// `text` is not a number or does not fit in 32 bits.
std::optional<long long> read_exit_code(std::string_view text);

// A number already read (from JSON or YAML): the same folding of the unsigned 32-bit form;
// nullopt when it does not fit in 32 bits.
std::optional<long long> fold_exit_code(long long value);

// "0xC0000005" for a value too large in magnitude for anything but a Windows status (at or
// beyond 0x40000000 unsigned, and not a small negative such as exit(-1)); "" otherwise.
std::string windows_status_hex(long long value);

}  // namespace kexit::kube
