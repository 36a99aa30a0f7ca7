#pragma once
// The layout of `kubectl describe pod` text: each pod's "Key: value" lines as a tree by
// indentation, before any field is interpreted.

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace kexit::kube {

struct DescribeNode {
  int line = 0;  // 1-based, in the whole text
  int indent = 0;
  // "Exit Code"; empty for a line without "Key:" (a list item, a table row, a label).
  std::string key;
  // What follows the key, trimmed; a Message's later lines are joined to it with '\n'.
  std::string value;
  // The whole line without its indentation.
  std::string text;
  std::vector<DescribeNode> children;
  // Later lines less indented than this one that are not fields: a wrapped or multi-line value.
  std::vector<std::string> continuation;

  // The first child with that key, or nullptr.
  const DescribeNode* child(std::string_view wanted) const;
};

struct DescribeLayout {
  // Each pod's top-level fields, its "Name:" first.
  std::vector<std::vector<DescribeNode>> pods;
  // Lines "[...]" where whoever pasted the text left part of it out.
  std::vector<int> elisions;
  // The number of the text's last non-blank line: a text cut short may end in half a line.
  int last_line = 0;
};

// "Exit Code:    137" gives "Exit Code" and "137"; false for a line with no key.
bool split_describe_key(std::string_view body, std::string& key, std::string& value);

// Whether a line, without its indentation, starts a pod: "Name:" and a value.
bool is_pod_start(std::string_view line);

// An error at a line of the text: "SOURCE:LINE: WHAT; paste the whole output of kubectl
// describe pod POD".
Error describe_error(const std::string& source, int line, const std::string& what,
                     const std::string& pod);

// Everything from the first "Name:" line; lines before it (a shell prompt, a sentence) and
// after a blank line that are not part of a pod are skipped.
DescribeLayout read_describe_layout(std::string_view text);

}  // namespace kexit::kube
