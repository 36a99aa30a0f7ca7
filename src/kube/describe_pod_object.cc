#include "kube/describe_pod_object.h"

#include "base/text.h"
#include "kube/api_time.h"
#include "kube/describe_sidecars.h"
#include "kube/describe_time.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

// Reads one pod's fields into `out`, keeping where errors point and what was cut.
class PodObjectReader {
 public:
  PodObjectReader(const std::string& source, int last_line, DescribedPodObject& out)
      : source_(source), last_line_(last_line), out_(out) {}

  Status read(const std::vector<DescribeNode>& fields) {
    out_.pod = {{"apiVersion", "v1"},
                {"kind", "Pod"},
                {"metadata", json::object()},
                {"spec", json::object()},
                {"status", json::object()}};
    name_ = fields.front().value;
    for (const auto& field : fields) {
      KEXIT_CHECK(read_pod_field(field));
    }
    for (const auto& sidecar : mark_native_sidecars(out_.pod)) {
      out_.notes.push_back("init container " + sidecar +
                           " is read as a native sidecar (restartPolicy Always): it has not "
                           "completed although the pod is initialized, and kubectl describe "
                           "does not show an init container's restartPolicy");
    }
    return ok_status();
  }

 private:
  Status read_pod_field(const DescribeNode& field) {
    json& metadata = out_.pod["metadata"];
    json& status = out_.pod["status"];
    const std::string& key = field.key;
    if (key == "Name" || key == "Namespace") {
      metadata[key == "Name" ? "name" : "namespace"] = field.value;
    } else if (key == "Labels") {
      metadata["labels"] = labels(field);
    } else if (key == "Controlled By") {
      add_owner(field.value);
    } else if (key == "Node") {
      std::string node = field.value.substr(0, field.value.find('/'));
      if (!node.empty() && node != "<none>") {
        out_.pod["spec"]["nodeName"] = node;
      }
    } else if (key == "Status") {
      // "Terminating (lasts 2m)" replaces the phase of a pod being deleted.
      if (!field.value.empty() && !starts_with(field.value, "Terminating")) {
        status["phase"] = field.value;
      }
    } else if (key == "Reason" || key == "Message") {
      set_if_not_empty(status, key == "Reason" ? "reason" : "message", joined_value(field));
    } else if (key == "Start Time") {
      KEXIT_ASSIGN(start, time_of(field));
      set_if_not_empty(status, "startTime", start);
    } else if (key == "Conditions") {
      status["conditions"] = conditions(field);
    } else if (key == "Init Containers" || key == "Containers" || key == "Ephemeral Containers") {
      KEXIT_CHECK(read_containers(field));
    } else if (key == "Events") {
      out_.events = &field;
    }
    return ok_status();
  }

  static void set_if_not_empty(json& object, const char* key, const std::string& value) {
    if (!value.empty()) {
      object[key] = value;
    }
  }

  // A value with the lines a terminal wrapped or the message held.
  static std::string joined_value(const DescribeNode& field) {
    std::string value = field.value;
    for (const auto& more : field.continuation) {
      value += "\n" + more;
    }
    return value;
  }

  static json labels(const DescribeNode& field) {
    json labels = json::object();
    std::vector<std::string> lines = {field.value};
    for (const auto& child : field.children) {
      lines.push_back(child.text);
    }
    for (const auto& line : lines) {
      // kubectl before 1.2 joined the labels with commas, which no label holds.
      for (std::string_view label : split(line, ',')) {
        std::size_t equals = label.find('=');
        if (equals != std::string_view::npos && equals > 0) {
          labels[std::string(trim(label.substr(0, equals)))] =
              std::string(trim(label.substr(equals + 1)));
        }
      }
    }
    return labels;
  }

  void add_owner(const std::string& value) {
    std::size_t slash = value.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == value.size()) {
      return;
    }
    out_.pod["metadata"]["ownerReferences"] = json::array({{{"kind", value.substr(0, slash)},
                                                            {"name", value.substr(slash + 1)},
                                                            {"controller", true}}});
  }

  // describe shows each condition's type and status only.
  static json conditions(const DescribeNode& field) {
    json conditions = json::array();
    for (const auto& row : field.children) {
      std::vector<std::string_view> cells;
      for (std::string_view cell : split(row.text, ' ')) {
        if (!trim(cell).empty()) {
          cells.push_back(trim(cell));
        }
      }
      if (cells.size() >= 2 && cells[0] != "Type") {
        conditions.push_back({{"type", std::string(cells[0])}, {"status", std::string(cells[1])}});
      }
    }
    return conditions;
  }

  // A value the text shows but that cannot be read: an error, unless a cut left it half.
  Status unreadable(const DescribeNode& field, const std::string& what) {
    if (field.line == last_line_) {
      out_.notes.push_back("the text ends in the middle of line " + std::to_string(field.line) +
                           " (" + field.key + "); it was left out");
      return ok_status();
    }
    return describe_error(source_, field.line, what, name_);
  }

  // "Mon, 01 Jan 2024 10:00:00 +0000" as RFC 3339; empty for Go's zero time or a cut value.
  Expected<std::string> time_of(const DescribeNode& field) {
    if (is_unset_describe_time(field.value)) {
      return std::string();
    }
    auto time = parse_describe_time(field.value);
    if (!time) {
      KEXIT_CHECK(unreadable(field, "cannot read \"" + field.value +
                                        "\" as a time like \"Mon, "
                                        "01 Jan 2024 10:00:00 +0000\""));
      return std::string();
    }
    if (!out_.newest_time || *time > *out_.newest_time) {
      out_.newest_time = time;
    }
    return format_api_time(*time);
  }

  Expected<std::optional<long long>> integer_of(const DescribeNode& field, const char* what) {
    long long value = 0;
    if (!parse_int(field.value, value)) {
      KEXIT_CHECK(unreadable(field, "cannot read \"" + field.value + "\" as " + what));
      return std::optional<long long>();
    }
    return std::optional<long long>(value);
  }

  Status read_containers(const DescribeNode& section);
  Status read_container(const DescribeNode& container, json& spec, json& status);
  Status read_container_field(const DescribeNode& field, json& spec, json& status);
  Expected<json> read_state(const DescribeNode& state, const std::string& container_id);

  const std::string& source_;
  int last_line_;
  DescribedPodObject& out_;
  std::string name_;
};

// "http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3",
// "exec [cat /tmp/healthy] ...", "tcp-socket :8080 ...", "grpc <pod>:9090  ...".
json probe_handler(const std::string& handler, const std::string& target);

json probe(const std::string& value) {
  std::vector<std::string> target_words;
  json attributes = json::object();
  std::vector<std::string_view> words;
  for (std::string_view word : split(value, ' ')) {
    if (!word.empty()) {
      words.push_back(word);
    }
  }
  if (words.empty()) {
    return json::object();
  }
  static const std::pair<const char*, const char*> kAttributes[] = {
      {"delay=", "initialDelaySeconds"},
      {"timeout=", "timeoutSeconds"},
      {"period=", "periodSeconds"},
      {"#success=", "successThreshold"},
      {"#failure=", "failureThreshold"}};
  for (std::size_t i = 1; i < words.size(); ++i) {
    bool attribute = false;
    for (auto [prefix, field] : kAttributes) {
      long long number = 0;
      std::string_view text = words[i];
      if (starts_with(text, prefix)) {
        text.remove_prefix(std::string_view(prefix).size());
        text = ends_with(text, "s") ? text.substr(0, text.size() - 1) : text;
        // The API server defaults each of these to at least 1: a 0 was never set.
        if (parse_int(text, number) && number > 0) {
          attributes[field] = number;
        }
        attribute = true;
      }
    }
    // What follows the attributes is not kubectl's (a note the poster added).
    if (!attribute && attributes.empty()) {
      target_words.emplace_back(words[i]);
    }
  }
  json result = probe_handler(std::string(words[0]), join(target_words, " "));
  result.update(attributes);
  return result;
}

json port_value(const std::string& port) {
  long long number = 0;
  return parse_int(port, number) ? json(number) : json(port);
}

json http_get(std::string url) {
  json handler = json::object();
  std::size_t scheme_end = url.find("//");
  if (scheme_end != std::string::npos) {
    if (to_lower(url.substr(0, scheme_end)) == "https:") {
      handler["scheme"] = "HTTPS";
    }
    url = url.substr(scheme_end + 2);
  }
  std::size_t slash = url.find('/');
  std::string host_port = url.substr(0, slash);
  std::size_t colon = host_port.rfind(':');
  if (colon != std::string::npos) {
    handler["port"] = port_value(host_port.substr(colon + 1));
    host_port = host_port.substr(0, colon);
  }
  if (!host_port.empty()) {
    handler["host"] = host_port;
  }
  if (slash != std::string::npos) {
    handler["path"] = url.substr(slash);
  }
  return handler;
}

json probe_handler(const std::string& handler, const std::string& target) {
  if (handler == "http-get") {
    return {{"httpGet", http_get(target)}};
  }
  if (handler == "exec") {
    // Go prints the command as "[cat /tmp/healthy]": words, without their quoting.
    std::string inner = target;
    if (starts_with(inner, "[") && ends_with(inner, "]")) {
      inner = inner.substr(1, inner.size() - 2);
    }
    json command = json::array();
    for (std::string_view word : split(inner, ' ')) {
      if (!word.empty()) {
        command.push_back(std::string(word));
      }
    }
    return {{"exec", {{"command", command}}}};
  }
  if (handler == "tcp-socket" || handler == "grpc") {
    std::string first = target.substr(0, target.find(' '));
    std::size_t colon = first.rfind(':');
    json port = port_value(colon == std::string::npos ? first : first.substr(colon + 1));
    return {{handler == "grpc" ? "grpc" : "tcpSocket", {{"port", port}}}};
  }
  return json::object();
}

// Values that describe shows for a reference, not the variable's value.
bool is_reference(const std::string& value) {
  return starts_with(value, "<set to the key") || starts_with(value, "(v1:") ||
         starts_with(value, "node allocatable") ||
         (ends_with(value, ")") && (value.find(" (limits.") != std::string::npos ||
                                    value.find(" (requests.") != std::string::npos));
}

json environment(const DescribeNode& field) {
  json env = json::array();
  for (const auto& variable : field.children) {
    if (variable.key.empty()) {
      continue;
    }
    json entry = {{"name", variable.key}};
    std::string value = variable.value;
    for (const auto& more : variable.children) {
      value += "\n" + more.text;
    }
    // parse_pod keeps the value only for the names on its allow-list.
    if (!is_reference(value)) {
      entry["value"] = value;
    }
    env.push_back(std::move(entry));
  }
  return env;
}

json quantities(const DescribeNode& field) {
  json out = json::object();
  for (const auto& child : field.children) {
    if (!child.key.empty() && !child.value.empty()) {
      out[child.key] = child.value;
    }
  }
  return out;
}

std::vector<std::string> items(const DescribeNode& field) {
  std::vector<std::string> out;
  for (const auto& child : field.children) {
    out.push_back(child.text);
  }
  return out;
}

Status PodObjectReader::read_containers(const DescribeNode& section) {
  const std::string kind = section.key == "Init Containers"        ? "initContainers"
                           : section.key == "Ephemeral Containers" ? "ephemeralContainers"
                                                                   : "containers";
  const std::string status_field = kind == "initContainers"        ? "initContainerStatuses"
                                   : kind == "ephemeralContainers" ? "ephemeralContainerStatuses"
                                                                   : "containerStatuses";
  json specs = json::array();
  json statuses = json::array();
  for (const auto& container : section.children) {
    if (container.key.empty() || !container.value.empty()) {
      continue;  // "Containers: <none>", or a stray line
    }
    json spec = {{"name", container.key}};
    json status = {{"name", container.key}};
    KEXIT_CHECK(read_container(container, spec, status));
    specs.push_back(std::move(spec));
    statuses.push_back(std::move(status));
    out_.containers.push_back({container.key, "spec." + kind});
  }
  out_.pod["spec"][kind] = std::move(specs);
  out_.pod["status"][status_field] = std::move(statuses);
  return ok_status();
}

Status PodObjectReader::read_container(const DescribeNode& container, json& spec, json& status) {
  const DescribeNode* id = container.child("Container ID");
  status["containerID"] = id != nullptr ? id->value : "";
  status["restartCount"] = 0;
  for (const auto& field : container.children) {
    KEXIT_CHECK(read_container_field(field, spec, status));
  }
  return ok_status();
}

Status PodObjectReader::read_container_field(const DescribeNode& field, json& spec, json& status) {
  const std::string& key = field.key;
  if (key == "Image") {
    spec["image"] = field.value;
    status["image"] = field.value;
  } else if (key == "Image ID") {
    status["imageID"] = field.value;
  } else if (key == "Command" || key == "Args") {
    spec[key == "Command" ? "command" : "args"] = items(field);
  } else if (key == "State" || key == "Last State") {
    const bool current = key == "State";
    KEXIT_ASSIGN(state, read_state(field, current ? status["containerID"].get<std::string>() : ""));
    status[current ? "state" : "lastState"] = std::move(state);
  } else if (key == "Restart Count") {
    KEXIT_ASSIGN(count, integer_of(field, "a restart count"));
    status["restartCount"] = count.value_or(0);
  } else if (key == "Limits" || key == "Requests") {
    spec["resources"][key == "Limits" ? "limits" : "requests"] = quantities(field);
  } else if (key == "Liveness" || key == "Readiness" || key == "Startup") {
    spec[to_lower(key) + "Probe"] = probe(field.value);
  } else if (key == "Environment") {
    spec["env"] = environment(field);
  } else if (key == "Restart Policy") {
    spec["restartPolicy"] = field.value;
  }
  return ok_status();
}

Expected<json> PodObjectReader::read_state(const DescribeNode& state,
                                           const std::string& container_id) {
  json detail = json::object();
  for (const auto& field : state.children) {
    const std::string& key = field.key;
    if (key == "Reason" || key == "Message") {
      set_if_not_empty(detail, key == "Reason" ? "reason" : "message", joined_value(field));
    } else if (key == "Exit Code" || key == "Signal") {
      KEXIT_ASSIGN(number, integer_of(field, key == "Signal" ? "a signal" : "an exit code"));
      if (number) {
        detail[key == "Signal" ? "signal" : "exitCode"] = *number;
      }
    } else if (key == "Started" || key == "Finished") {
      KEXIT_ASSIGN(time, time_of(field));
      set_if_not_empty(detail, key == "Started" ? "startedAt" : "finishedAt", time);
    }
  }
  const std::string kind = to_lower(state.value);
  if (kind == "terminated") {
    if (!detail.contains("exitCode")) {
      out_.notes.push_back("the Terminated state at line " + std::to_string(state.line) +
                           " shows no Exit Code (the text may be cut); it was left out");
      return json::object();
    }
    set_if_not_empty(detail, "containerID", container_id);
  }
  if (kind != "running" && kind != "waiting" && kind != "terminated") {
    return json::object();
  }
  return json{{kind, std::move(detail)}};
}

}  // namespace

Expected<DescribedPodObject> rebuild_pod_object(const std::vector<DescribeNode>& fields,
                                                const std::string& source, int last_line) {
  DescribedPodObject out;
  PodObjectReader reader(source, last_line, out);
  KEXIT_CHECK(reader.read(fields));
  return out;
}

}  // namespace kexit::kube
