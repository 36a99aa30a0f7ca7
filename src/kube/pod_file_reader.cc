#include "kube/pod_file_reader.h"

#include <fstream>
#include <iostream>
#include <iterator>

#include "base/file_reading.h"
#include "base/json_list_stream.h"
#include "kube/describe_parser.h"

namespace kexit::kube {
namespace {

bool is_blank(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The first character that is not white space, or EOF; nothing is consumed but the blanks.
int first_visible(std::istream& in) {
  while (is_blank(in.peek())) {
    in.get();
  }
  return in.peek();
}

Status check_empty(const PodObjects& objects, const std::string& source) {
  if (objects.pods.empty() && objects.events.empty() && objects.settled_pods == 0 &&
      objects.node_conditions.empty() && objects.workloads.empty()) {
    return Error{"no Pod in the file; pass the output of kubectl get pod NAME -o json", source};
  }
  return ok_status();
}

Error too_big(std::size_t bytes, const std::string& source) {
  return Error{"pod file of " + std::to_string(bytes) +
                   " bytes that is not JSON; YAML and describe text are read whole and "
                   "refused above " +
                   std::to_string(kMaxWholePodFileBytes) +
                   " bytes; pass JSON, which kexit streams (kubectl get pods -o json)",
               source};
}

// A pod with no container to diagnose that is not Pending has nothing an Event could add
// either (add_pod_failure looks at Events only for Pending pods), so a List of 100,000
// running pods keeps only a count of them.
bool is_settled(const PodFacts& pod) { return pod.to_diagnose.empty() && pod.phase != "Pending"; }

// Streams the document, handing each List item over as soon as it is complete.
template <typename Input>
Expected<PodObjects> stream_pod_json(Input&& input, const std::string& source) {
  PodObjects objects;
  auto on_item = [&](nlohmann::json item, std::size_t index) -> Status {
    const std::size_t pods_before = objects.pods.size();
    KEXIT_CHECK(add_pod_list_item(item, source, "", index, objects));
    if (objects.pods.size() > pods_before && is_settled(objects.pods.back())) {
      objects.pods.pop_back();
      ++objects.settled_pods;
    }
    return ok_status();
  };
  KEXIT_ASSIGN(streamed, input(on_item));
  if (!streamed.streamed_items) {
    KEXIT_CHECK(add_pod_document(streamed.root, source, "", objects));
  }
  KEXIT_CHECK(check_empty(objects, source));
  return objects;
}

// YAML (possibly several documents) or describe text, already in memory.
Expected<PodObjects> parse_whole_pod_text(const std::string& text, const std::string& source) {
  if (text.size() > kMaxWholePodFileBytes) {
    return too_big(text.size(), source);
  }
  // What people paste into tickets is the text of kubectl describe pod, not JSON.
  if (looks_like_describe(text)) {
    KEXIT_ASSIGN(pods, parse_describe(text, source));
    PodObjects objects;
    objects.pods = std::move(pods);
    return objects;
  }
  return parse_pod_objects(text, source);
}

Expected<PodObjects> read_standard_input() {
  const std::string source = "<stdin>";
  KEXIT_ASSIGN(text, read_file("-"));
  std::size_t start = 0;
  while (start < text.size() && is_blank(text[start])) {
    ++start;
  }
  if (start < text.size() && (text[start] == '{' || text[start] == '[')) {
    return stream_pod_json(
        [&](const JsonItemHandler& on_item) { return stream_json_list(text, source, on_item); },
        source);
  }
  return parse_whole_pod_text(text, source);
}

}  // namespace

Expected<PodObjects> read_pod_file(const std::string& path) {
  if (path == "-") {
    return read_standard_input();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    // read_file words the error (errno, what to do).
    return read_file(path).error();
  }
  int first = first_visible(in);
  if (first == '{' || first == '[') {
    return stream_pod_json(
        [&](const JsonItemHandler& on_item) {
          return stream_json_list(in, path, on_item, [&] { return read_file(path); });
        },
        path);
  }
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(in.tellg());
  if (size > kMaxWholePodFileBytes) {
    return too_big(size, path);
  }
  in.seekg(0);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_whole_pod_text(text, path);
}

}  // namespace kexit::kube
