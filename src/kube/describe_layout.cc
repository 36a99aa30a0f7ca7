#include "kube/describe_layout.h"

#include <array>

#include "base/text.h"

namespace kexit::kube {
namespace {

// Every key kubectl 1.0 to 1.33 prints at the pod, container and state levels. A value that
// spans lines (a termination message, an event's) ends at the next line holding one of them.
constexpr std::array<std::string_view, 62> kKnownKeys = {"Name",
                                                         "Namespace",
                                                         "Priority",
                                                         "Priority Class Name",
                                                         "PriorityClassName",
                                                         "Runtime Class Name",
                                                         "Service Account",
                                                         "Node",
                                                         "Start Time",
                                                         "Labels",
                                                         "Annotations",
                                                         "Status",
                                                         "Reason",
                                                         "Message",
                                                         "SeccompProfile",
                                                         "IP",
                                                         "IPs",
                                                         "Controlled By",
                                                         "Replication Controllers",
                                                         "NominatedNodeName",
                                                         "Nominated Node Name",
                                                         "Init Containers",
                                                         "Containers",
                                                         "Ephemeral Containers",
                                                         "Readiness Gates",
                                                         "Conditions",
                                                         "Volumes",
                                                         "QoS Class",
                                                         "Node-Selectors",
                                                         "Tolerations",
                                                         "Events",
                                                         "Image(s)",
                                                         "Scheduling Gates",
                                                         "Topology Spread Constraints",
                                                         "Container ID",
                                                         "Image",
                                                         "Image ID",
                                                         "Port",
                                                         "Ports",
                                                         "Host Port",
                                                         "Host Ports",
                                                         "Command",
                                                         "Args",
                                                         "State",
                                                         "Last State",
                                                         "Ready",
                                                         "Restart Count",
                                                         "Limits",
                                                         "Requests",
                                                         "Liveness",
                                                         "Readiness",
                                                         "Startup",
                                                         "Environment",
                                                         "Environment Variables from",
                                                         "Environment Variables",
                                                         "Mounts",
                                                         "Devices",
                                                         "Restart Policy",
                                                         "Exit Code",
                                                         "Signal",
                                                         "Started",
                                                         "Finished"};

bool is_known_key(std::string_view key) {
  for (std::string_view known : kKnownKeys) {
    if (key == known) {
      return true;
    }
  }
  return false;
}

struct Line {
  int number = 0;
  int indent = 0;
  std::string_view raw;   // without '\r'
  std::string_view body;  // without indentation and trailing blanks
};

Line make_line(std::string_view raw, int number) {
  if (!raw.empty() && raw.back() == '\r') {
    raw.remove_suffix(1);
  }
  Line line{number, 0, raw, trim(raw)};
  for (char c : raw) {
    if (c == ' ') {
      line.indent += 1;
    } else if (c == '\t') {
      line.indent += 8 - line.indent % 8;
    } else {
      break;
    }
  }
  return line;
}

// A key is short and has no run of blanks, which tells it from a table row whose message
// holds ": ".
bool split_key(std::string_view body, std::string& key, std::string& value) {
  std::size_t colon = body.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 60) {
    return false;
  }
  if (colon + 1 < body.size() && body[colon + 1] != ' ' && body[colon + 1] != '\t') {
    return false;
  }
  std::string_view name = body.substr(0, colon);
  if (name.find("  ") != std::string_view::npos || name.find('\t') != std::string_view::npos) {
    return false;
  }
  // describe's keys are words; a quote before the colon is a message's text (a wrapped
  // line's `caused "exec: ...`).
  if (name.find('"') != std::string_view::npos) {
    return false;
  }
  key = std::string(name);
  value = std::string(trim(body.substr(colon + 1)));
  return true;
}

class LayoutReader {
 public:
  explicit LayoutReader(DescribeLayout& layout) : layout_(layout) {}

  void add(const Line& line) {
    if (line.body.empty()) {
      blank_before_ = true;
      if (message_ != nullptr) {
        message_->value += "\n";
      }
      return;
    }
    layout_.last_line = line.number;
    if (line.body == "[...]") {
      layout_.elisions.push_back(line.number);
      return;
    }
    if (message_ != nullptr && continues_message(line)) {
      message_->value += '\n';
      message_->value += strip_base(line.raw);
      return;
    }
    close_message();
    place(line);
    blank_before_ = false;
  }

  void finish() { close_message(); }

 private:
  // A message's later lines are printed as they are, without indentation; they end at the
  // next field at the message's level or above.
  bool continues_message(const Line& line) const {
    std::string key, value;
    const int indent = line.indent - base_;
    return !(indent <= message_->indent && split_key(line.body, key, value) && is_known_key(key));
  }

  void close_message() {
    if (message_ == nullptr) {
      return;
    }
    while (!message_->value.empty() && message_->value.back() == '\n') {
      message_->value.pop_back();
    }
    message_ = nullptr;
  }

  std::string_view strip_base(std::string_view raw) const {
    std::size_t cut = 0;
    while (cut < raw.size() && cut < static_cast<std::size_t>(base_) && raw[cut] == ' ') {
      ++cut;
    }
    return raw.substr(cut);
  }

  void place(const Line& line) {
    DescribeNode node;
    node.line = line.number;
    node.indent = line.indent - base_;
    node.text = std::string(line.body);
    const bool keyed = split_key(line.body, node.key, node.value);
    if (pod_ == nullptr || (node.indent <= 0 && node.key == "Name" && is_pod_start(line.body))) {
      start_pod(line, std::move(node));
      return;
    }
    if (ended_) {
      return;
    }
    while (!stack_.empty() && stack_.back()->indent >= node.indent) {
      stack_.pop_back();
    }
    if (node.indent <= 0 && !keyed) {
      // Text after a blank line that is no field is whatever followed the paste; without a
      // blank line it is the rest of a wrapped value.
      blank_before_ ? void(ended_ = true) : last_->continuation.push_back(node.text);
      return;
    }
    auto& siblings = stack_.empty() ? *pod_ : stack_.back()->children;
    siblings.push_back(std::move(node));
    last_ = &siblings.back();
    stack_.push_back(last_);
    if (last_->key == "Message") {
      message_ = last_;
    }
  }

  void start_pod(const Line& line, DescribeNode node) {
    if (!is_pod_start(line.body)) {
      return;  // before the first pod
    }
    base_ = line.indent;
    node.indent = 0;
    layout_.pods.emplace_back();
    pod_ = &layout_.pods.back();
    stack_.clear();
    ended_ = false;
    pod_->push_back(std::move(node));
    last_ = &pod_->back();
    stack_.push_back(last_);
  }

  DescribeLayout& layout_;
  std::vector<DescribeNode>* pod_ = nullptr;
  std::vector<DescribeNode*> stack_;
  DescribeNode* last_ = nullptr;
  DescribeNode* message_ = nullptr;
  int base_ = 0;
  bool blank_before_ = false;
  bool ended_ = false;
};

}  // namespace

const DescribeNode* DescribeNode::child(std::string_view wanted) const {
  for (const auto& node : children) {
    if (node.key == wanted) {
      return &node;
    }
  }
  return nullptr;
}

Error describe_error(const std::string& source, int line, const std::string& what,
                     const std::string& pod) {
  return Error{
      what + "; paste the whole output of kubectl describe pod " + (pod.empty() ? "NAME" : pod),
      source + ":" + std::to_string(line)};
}

bool split_describe_key(std::string_view body, std::string& key, std::string& value) {
  return split_key(body, key, value);
}

bool is_pod_start(std::string_view line) {
  std::string key, value;
  return split_key(trim(line), key, value) && key == "Name" && !value.empty();
}

DescribeLayout read_describe_layout(std::string_view text) {
  DescribeLayout layout;
  LayoutReader reader(layout);
  int number = 0;
  for (std::string_view raw : split(text, '\n')) {
    reader.add(make_line(raw, ++number));
  }
  reader.finish();
  return layout;
}

}  // namespace kexit::kube
