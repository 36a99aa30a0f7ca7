#include "kube/watch_decoder.h"

#include "base/structured_text.h"

namespace kexit::kube {

Status WatchDecoder::finish_value(std::vector<WatchEvent>& events) {
  auto value = parse_json(pending_, "watch event");
  pending_.clear();
  if (!value) {
    return value.error();
  }
  KEXIT_ASSIGN(event, parse_watch_event(*value));
  events.push_back(std::move(event));
  return ok_status();
}

Status WatchDecoder::feed(std::string_view bytes, std::vector<WatchEvent>& events) {
  std::size_t value_start = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (depth_ == 0) {
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        value_start = i + 1;
        continue;
      }
      if (c != '{') {
        return Error{std::string("unexpected byte '") + c +
                     "' between watch events; the server or a proxy sent something else"};
      }
      value_start = i;
      depth_ = 1;
      continue;
    }
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
      continue;
    }
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if (c == '}' || c == ']') {
      --depth_;
      if (depth_ == 0) {
        pending_.append(bytes.substr(value_start, i + 1 - value_start));
        value_start = i + 1;
        KEXIT_CHECK(finish_value(events));
      }
    }
  }
  if (depth_ > 0) {
    pending_.append(bytes.substr(value_start));
    if (pending_.size() > kMaxEventBytes) {
      pending_.clear();
      return Error{"a watch event exceeds " + std::to_string(kMaxEventBytes >> 20) +
                   " MiB, kexit's limit (etcd stores objects of at most 1.5 MiB); the "
                   "stream looks corrupt, so the watch starts again"};
    }
  }
  return ok_status();
}

}  // namespace kexit::kube
