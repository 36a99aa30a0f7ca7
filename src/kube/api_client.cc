#include "kube/api_client.h"

#include <algorithm>

#include "base/file_reading.h"
#include "base/json_list_splitter.h"
#include "base/structured_text.h"
#include "base/text.h"
#include "kube/api_paths.h"
#include "kube/watch_decoder.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

// One item of a list read whole, as the largest object the API server stores (etcd's request
// limit is 1.5 MiB) with room for its JSON being longer than its protobuf.
constexpr std::size_t kMaxListItemBytes = 16 * 1024 * 1024;

QueryParams list_query(const ListOptions& options, const std::string& continue_token) {
  QueryParams query;
  if (!options.label_selector.empty()) {
    query.emplace_back("labelSelector", options.label_selector);
  }
  if (!options.field_selector.empty()) {
    query.emplace_back("fieldSelector", options.field_selector);
  }
  if (options.limit > 0) {
    query.emplace_back("limit", std::to_string(options.limit));
  }
  if (!continue_token.empty()) {
    query.emplace_back("continue", continue_token);
  } else if (!options.resource_version.empty()) {
    // resourceVersion may not be combined with continue.
    query.emplace_back("resourceVersion", options.resource_version);
  }
  return query;
}

std::string string_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string dump(const json& value) {
  // Replace invalid UTF-8 rather than throw: messages can carry anything a process printed.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// A streamed list's answer: an error status, or a body that broke off, is an Error.
Status answer_of(HttpResponse&& response, const ClientConfig& config, const std::string& target) {
  ApiResponse answer;
  answer.status = response.status;
  answer.content_type = std::move(response.content_type);
  answer.body = std::move(response.body);
  answer.action = describe_request("GET", target);
  answer.server = config.server.url();
  answer.attempts = response.attempts;
  if (!answer.ok()) {
    return answer.error();
  }
  if (!response.interruption.empty()) {
    return Error{"the API server's answer to " + answer.action.describe() +
                 " broke off: " + response.interruption};
  }
  return ok_status();
}

// One unpaginated list, its items parsed and visited one at a time as the body arrives: the
// whole of 100k pods is hundreds of MB, over max_body_bytes, as one body or one value.
Expected<std::string> list_streamed(HttpTransport& transport, const std::string& target,
                                    const std::function<Status(json&&)>& visit,
                                    Cancellation* cancellation) {
  JsonListSplitter splitter(
      [&](std::string_view text) -> Status {
        KEXIT_ASSIGN(item, parse_json(text, "an item of " + target));
        return visit(std::move(item));
      },
      kMaxListItemBytes);
  Status split = ok_status();
  HttpRequest request;
  request.target = target;
  request.read_timeout = transport.options().read_timeout;
  request.on_body = [&](std::string_view bytes) {
    split = splitter.feed(bytes);
    return split.ok();
  };
  KEXIT_ASSIGN(response, transport.send(request, cancellation));
  KEXIT_CHECK(answer_of(std::move(response), transport.config(), target));
  KEXIT_CHECK(split);
  KEXIT_ASSIGN(rest, parse_json(splitter.rest(), "the answer to " + target));
  const json* metadata =
      rest.is_object() && rest.contains("metadata") ? &rest["metadata"] : nullptr;
  return metadata != nullptr && metadata->is_object() ? string_at(*metadata, "resourceVersion")
                                                      : std::string();
}

}  // namespace

const char* content_type_of(PatchType type) {
  switch (type) {
    case PatchType::kMerge:
      return "application/merge-patch+json";
    case PatchType::kStrategicMerge:
      return "application/strategic-merge-patch+json";
    case PatchType::kJson:
      return "application/json-patch+json";
  }
  return "application/merge-patch+json";
}

ApiClient::ApiClient(ClientConfig config, TransportOptions options)
    : transport_(std::move(config), std::move(options)) {}

ApiResponse ApiClient::to_api_response(HttpResponse&& response, const std::string& method,
                                       const std::string& target) const {
  ApiResponse api;
  api.status = response.status;
  api.content_type = std::move(response.content_type);
  api.body = std::move(response.body);
  api.action = describe_request(method, target);
  api.server = config().server.url();
  api.attempts = response.attempts;
  return api;
}

Expected<ApiResponse> ApiClient::send(const std::string& method, const std::string& target,
                                      const std::string& body, const std::string& content_type,
                                      Cancellation* cancellation) {
  HttpRequest request;
  request.method = method;
  request.target = target;
  request.body = body;
  request.content_type = body.empty() && method == "GET" ? "" : content_type;
  request.read_timeout = transport_.options().read_timeout;
  KEXIT_ASSIGN(response, transport_.send(request, cancellation));
  return to_api_response(std::move(response), method, target);
}

Expected<ApiResponse> ApiClient::get(const std::string& path, const QueryParams& query) {
  return send("GET", path + to_query_string(query), "", "");
}

Expected<ApiResponse> ApiClient::post(const std::string& path, const std::string& body,
                                      const std::string& content_type) {
  return send("POST", path, body, content_type);
}

Expected<ApiResponse> ApiClient::put(const std::string& path, const std::string& body,
                                     const std::string& content_type) {
  return send("PUT", path, body, content_type);
}

Expected<ApiResponse> ApiClient::patch(const std::string& path, const std::string& body,
                                       const std::string& content_type) {
  return send("PATCH", path, body, content_type);
}

Expected<ApiResponse> ApiClient::remove(const std::string& path) {
  return send("DELETE", path, "", "");
}

Expected<json> ApiClient::get_object(const std::string& path) {
  KEXIT_ASSIGN(response, get(path));
  if (!response.ok()) {
    return response.error();
  }
  return response.json();
}

Expected<std::optional<json>> ApiClient::find_object(const std::string& path) {
  KEXIT_ASSIGN(response, get(path));
  if (response.status == 404) {
    return std::optional<json>();
  }
  if (!response.ok()) {
    return response.error();
  }
  KEXIT_ASSIGN(object, response.json());
  return std::optional<json>(std::move(object));
}

Expected<std::string> ApiClient::list_each(const std::string& path, const ListOptions& options,
                                           const std::function<Status(json&&)>& visit,
                                           Cancellation* cancellation) {
  std::string continue_token;
  ListOptions current = options;
  bool restarted = false;
  while (true) {
    KEXIT_ASSIGN(response, send("GET", path + to_query_string(list_query(current, continue_token)),
                                "", "", cancellation));
    if (!response.ok()) {
      ApiStatus status = response.status_object();
      if (is_expired(status) && !continue_token.empty() && !restarted) {
        // The continue token outlived the server's snapshot: start over.
        if (options.full_list_if_expired) {
          current.limit = 0;
          return list_streamed(transport_, path + to_query_string(list_query(current, "")), visit,
                               cancellation);
        }
        restarted = true;
        continue_token.clear();
        continue;
      }
      return response.error();
    }
    KEXIT_ASSIGN(list, response.json());
    if (!list.is_object()) {
      return Error{"the API server answered " + response.action.describe() +
                   " with JSON that is not a list"};
    }
    auto items = list.find("items");
    if (items != list.end() && items->is_array()) {
      for (json& item : *items) {
        KEXIT_CHECK(visit(std::move(item)));
      }
    } else if (items != list.end() && !items->is_null()) {
      return Error{"the API server answered " + response.action.describe() +
                   " with \"items\" that is not a list"};
    }
    const json& metadata = list.contains("metadata") ? list["metadata"] : json::object();
    continue_token = metadata.is_object() ? string_at(metadata, "continue") : "";
    if (continue_token.empty()) {
      return metadata.is_object() ? string_at(metadata, "resourceVersion") : std::string();
    }
  }
}

Expected<ObjectList> ApiClient::list(const std::string& path, const ListOptions& options) {
  ObjectList result;
  auto version = list_each(path, options, [&](json&& item) {
    result.items.push_back(std::move(item));
    return ok_status();
  });
  if (!version) {
    return version.error();
  }
  result.resource_version = *version;
  return result;
}

namespace {

// GET PATH?watch=true with the options, and limits fit for a stream that may idle for long.
HttpRequest watch_request(const std::string& path, const WatchOptions& options) {
  QueryParams query = {{"watch", "true"}};
  if (!options.resource_version.empty()) {
    query.emplace_back("resourceVersion", options.resource_version);
  }
  if (options.allow_bookmarks) {
    query.emplace_back("allowWatchBookmarks", "true");
  }
  if (!options.label_selector.empty()) {
    query.emplace_back("labelSelector", options.label_selector);
  }
  if (!options.field_selector.empty()) {
    query.emplace_back("fieldSelector", options.field_selector);
  }
  if (options.timeout.count() > 0) {
    query.emplace_back("timeoutSeconds", std::to_string(options.timeout.count()));
  }
  HttpRequest request;
  request.target = path + to_query_string(query);
  // The server ends the stream after timeoutSeconds; only a server silent for longer than
  // that (plus slack) is dead. A short read timeout would kill healthy idle watches.
  // Without timeoutSeconds the server picks 30 to 60 minutes.
  request.read_timeout = options.timeout.count() > 0 ? options.timeout + std::chrono::seconds(30)
                                                     : std::chrono::seconds(3700);
  // A server that keeps sending past its own timeoutSeconds is cut off as one that is silent.
  request.max_duration = request.read_timeout;
  request.long_running = true;
  return request;
}

// How a stream that the handler did not stop ended: cleanly, or cut short.
void set_stream_end(WatchResult& result, const std::string& decode_error,
                    const HttpResponse& response, const WatchDecoder& decoder) {
  if (!decode_error.empty()) {
    result.end = WatchEnd::kInterrupted;
    result.interruption = decode_error;
  } else if (!response.interruption.empty()) {
    result.end = WatchEnd::kInterrupted;
    result.interruption = response.interruption;
  } else if (decoder.mid_event()) {
    result.end = WatchEnd::kInterrupted;
    result.interruption = "the watch stream ended in the middle of an event";
  } else {
    result.end = WatchEnd::kClosed;
  }
}

}  // namespace

Expected<WatchResult> ApiClient::watch(const std::string& path, const WatchOptions& options,
                                       const std::function<bool(const WatchEvent&)>& on_event,
                                       Cancellation* cancellation) {
  WatchResult result;
  result.resource_version = options.resource_version;
  bool ended = false;
  std::string decode_error;
  WatchDecoder decoder;
  std::vector<WatchEvent> events;
  HttpRequest request = watch_request(path, options);
  request.on_body = [&](std::string_view bytes) {
    events.clear();
    Status fed = decoder.feed(bytes, events);
    for (const WatchEvent& event : events) {
      if (event.type == WatchEventType::kError) {
        result.status = decode_status_object(event.object, 500);
        result.end = is_expired(result.status) ? WatchEnd::kExpired : WatchEnd::kError;
        ended = true;
        return false;
      }
      std::string version = resource_version_of(event.object);
      if (!version.empty()) {
        result.resource_version = version;
      }
      ++result.events;
      if (!on_event(event)) {
        result.end = WatchEnd::kStopped;
        ended = true;
        return false;
      }
    }
    if (!fed) {
      decode_error = fed.error().message;
      return false;
    }
    return true;
  };
  auto response = transport_.send(request, cancellation);
  if (!response) {
    if (cancellation != nullptr && cancellation->cancelled()) {
      result.end = WatchEnd::kStopped;
      return result;
    }
    return response.error();
  }
  if (response->status < 200 || response->status >= 300) {
    ApiResponse failed = to_api_response(std::move(*response), "GET", request.target);
    ApiStatus status = failed.status_object();
    if (is_expired(status)) {
      result.end = WatchEnd::kExpired;
      result.status = status;
      return result;
    }
    return failed.error();
  }
  if (!ended) {
    set_stream_end(result, decode_error, *response, decoder);
  }
  return result;
}

Expected<ApiResponse> ApiClient::read_events(const std::string& namespace_name,
                                             const std::string& field_selector, int limit) {
  QueryParams query;
  if (!field_selector.empty()) {
    query.emplace_back("fieldSelector", field_selector);
  }
  query.emplace_back("limit", std::to_string(limit));
  return get("/api/v1/namespaces/" + namespace_name + "/events", query);
}

Expected<ApiResponse> ApiClient::read_job(const std::string& namespace_name,
                                          const std::string& name) {
  return get("/apis/batch/v1/namespaces/" + namespace_name + "/jobs/" + name);
}

Expected<ApiResponse> ApiClient::read_node(const std::string& name) {
  return get("/api/v1/nodes/" + name);
}

Expected<ApiResponse> ApiClient::read_workload(const std::string& namespace_name,
                                               const std::string& kind, const std::string& name) {
  std::string group = (kind == "Job" || kind == "CronJob") ? "batch" : "apps";
  std::string plural = to_lower(kind) + "s";
  return get("/apis/" + group + "/v1/namespaces/" + namespace_name + "/" + plural + "/" + name);
}

Expected<PodLog> ApiClient::read_log(const std::string& namespace_name, const std::string& pod,
                                     const LogOptions& options) {
  QueryParams query;
  if (!options.container.empty()) {
    query.emplace_back("container", options.container);
  }
  if (options.previous) {
    query.emplace_back("previous", "true");
  }
  if (options.timestamps) {
    query.emplace_back("timestamps", "true");
  }
  if (options.tail_lines) {
    query.emplace_back("tailLines", std::to_string(*options.tail_lines));
  }
  if (options.limit_bytes) {
    query.emplace_back("limitBytes", std::to_string(*options.limit_bytes));
  }
  std::string kept;
  bool dropped = false;
  std::size_t max_bytes = std::max<std::size_t>(options.max_bytes, 1);
  HttpRequest request;
  request.target = pod_log_path(namespace_name, pod) + to_query_string(query);
  request.accept = "*/*";
  request.read_timeout = std::chrono::seconds(60);
  request.on_body = [&](std::string_view bytes) {
    kept.append(bytes);
    // Keep a bounded window; the final cut to a line start happens at the end.
    if (kept.size() > 2 * max_bytes) {
      kept.erase(0, kept.size() - max_bytes - max_bytes / 2);
      dropped = true;
    }
    return true;
  };
  KEXIT_ASSIGN(response, transport_.send(request));
  if (!response.interruption.empty()) {
    return Error{response.interruption};
  }
  PodLog log;
  log.response = to_api_response(std::move(response), "GET", request.target);
  if (log.response.ok()) {
    // Cut in place: the body stays a string, and the kept window is no longer copied.
    const std::size_t start = tail_start(kept, max_bytes);
    kept.erase(0, start);
    log.truncated = dropped || start > 0;
    if (options.tail_lines && *options.tail_lines > 0) {
      auto lines = static_cast<long long>(std::count(kept.begin(), kept.end(), '\n'));
      if (!kept.empty() && kept.back() != '\n') {
        ++lines;
      }
      log.truncated = log.truncated || lines >= *options.tail_lines;
    }
    log.response.body = std::move(kept);
  }
  return log;
}

Expected<json> ApiClient::get_pod(const std::string& namespace_name, const std::string& name) {
  return get_object(pods_path(namespace_name, name));
}

Expected<ObjectList> ApiClient::list_pods(const std::string& namespace_name,
                                          const ListOptions& options) {
  return list(pods_path(namespace_name), options);
}

Expected<ApiResponse> ApiClient::create_event(const std::string& namespace_name, const json& event,
                                              EventApi api) {
  std::string path =
      api == EventApi::kCoreV1 ? core_events_path(namespace_name) : events_v1_path(namespace_name);
  return post(path, dump(event));
}

Expected<ApiResponse> ApiClient::patch_event(const std::string& namespace_name,
                                             const std::string& name, const json& patch_body,
                                             PatchType type, EventApi api) {
  std::string path = api == EventApi::kCoreV1 ? core_events_path(namespace_name, name)
                                              : events_v1_path(namespace_name, name);
  return patch(path, dump(patch_body), content_type_of(type));
}

Expected<std::optional<json>> ApiClient::get_lease(const std::string& namespace_name,
                                                   const std::string& name) {
  return find_object(leases_path(namespace_name, name));
}

Expected<ApiResponse> ApiClient::create_lease(const std::string& namespace_name,
                                              const json& lease) {
  return post(leases_path(namespace_name), dump(lease));
}

Expected<ApiResponse> ApiClient::update_lease(const std::string& namespace_name,
                                              const std::string& name, const json& lease) {
  return put(leases_path(namespace_name, name), dump(lease));
}

}  // namespace kexit::kube
