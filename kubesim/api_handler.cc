#include "kubesim/api_handler.h"

#include <algorithm>
#include <thread>

#include "base/structured_text.h"
#include "base/text.h"
#include "kubesim/impersonation.h"
#include "kubesim/kube_time.h"
#include "kubesim/list_options.h"
#include "kubesim/log_follow_stream.h"
#include "kubesim/media_type.h"
#include "kubesim/openapi_documents.h"
#include "kubesim/pod_log_reader.h"
#include "kubesim/protobuf_body.h"
#include "kubesim/rbac_authorizer.h"
#include "kubesim/table_printer.h"
#include "kubesim/table_response.h"
#include "kubesim/token_request.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

HttpResponse text_response(int status, const std::string& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = body;
  return response;
}

// The body of a write request: JSON, or YAML when the client says so.
ApiResult<json> parse_body(const HttpRequest& request) {
  std::string content_type = to_lower(request.header("content-type"));
  if (content_type.find("protobuf") != std::string::npos) {
    // Only TokenRequest is decoded (protobuf_body.h); typed clients sending other kinds get
    // 415 and a message saying what kubesim accepts.
    auto decoded = decode_token_request(request.body);
    if (!decoded) {
      ApiError error = unsupported_media_type("application/json, application/yaml");
      error.message += " (" + decoded.error().message + ")";
      return error;
    }
    return std::move(decoded).value();
  }
  if (content_type.find("yaml") != std::string::npos) {
    auto documents = parse_yaml_documents(request.body, "request body");
    if (!documents || documents->empty()) {
      return bad_request(documents ? "empty request body" : documents.error().to_string());
    }
    return documents->front();
  }
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    return bad_request("the request body is not valid JSON");
  }
  return body;
}

std::optional<TableFormat> table_format(const HttpRequest& request, const ResourceType& type) {
  AcceptedFormat format =
      negotiate(request.header("accept"), has_table_printer(type.storage), false);
  if (format.kind != AcceptedFormat::Kind::Table) {
    return std::nullopt;
  }
  TableFormat table;
  table.version = format.version;
  std::string include = request.query_value("includeObject");
  if (!include.empty()) {
    table.include_object = include;
  }
  return table;
}

ApiResult<PodLogOptions> parse_log_options(const HttpRequest& request) {
  PodLogOptions options;
  options.container = request.query_value("container");
  for (const char* flag : {"previous", "timestamps", "follow"}) {
    if (!request.has_query(flag)) {
      continue;
    }
    auto value = parse_bool(request.query_value(flag));
    if (!value) {
      return bad_request("invalid boolean value for " + std::string(flag));
    }
    if (std::string(flag) == "previous") {
      options.previous = *value;
    } else if (std::string(flag) == "timestamps") {
      options.timestamps = *value;
    } else {
      options.follow = *value;
    }
  }
  auto integer = [&](const char* name, long long minimum,
                     std::optional<long long>& out) -> std::optional<ApiError> {
    if (!request.has_query(name)) {
      return std::nullopt;
    }
    long long value = 0;
    if (!parse_int(request.query_value(name), value)) {
      return bad_request("invalid value for " + std::string(name) + ": " +
                         request.query_value(name));
    }
    if (value < minimum) {
      return invalid("PodLogOptions", {"", "pods"}, "", name,
                     "Invalid value: " + std::to_string(value) +
                         ": must be greater than or equal to " + std::to_string(minimum));
    }
    out = value;
    return std::nullopt;
  };
  if (auto error = integer("tailLines", 0, options.tail_lines)) {
    return *error;
  }
  if (auto error = integer("limitBytes", 1, options.limit_bytes)) {
    return *error;
  }
  if (auto error = integer("sinceSeconds", 1, options.since_seconds)) {
    return *error;
  }
  if (request.has_query("sinceTime")) {
    options.since_time = parse_time(request.query_value("sinceTime"));
    if (!options.since_time) {
      return bad_request("invalid sinceTime: " + request.query_value("sinceTime"));
    }
  }
  return options;
}

std::string list_kind(const ResourceType& type) { return type.kind + "List"; }

// `dryRun=All`, repeatable, as metav1 validation accepts it; `options_kind` names the options
// the apiserver reports as invalid otherwise (CreateOptions, UpdateOptions, ...).
ApiResult<WriteMode> write_mode(const HttpRequest& request, const std::string& options_kind) {
  auto [first, last] = request.query.equal_range("dryRun");
  if (first == last) {
    return WriteMode::Commit;
  }
  std::vector<std::string> values;
  for (auto it = first; it != last; ++it) {
    values.push_back(it->second);
  }
  if (std::all_of(values.begin(), values.end(), [](const auto& value) { return value == "All"; })) {
    return WriteMode::DryRun;
  }
  // apimachinery ValidateDryRun: field.NotSupported prints the Go slice.
  std::string shown = "[]string{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    shown += (i == 0 ? "" : ", ") + json(values[i]).dump();
  }
  shown += "}";
  ApiError error = invalid(options_kind + ".meta.k8s.io", {"meta.k8s.io", ""}, "", "dryRun",
                           "Unsupported value: " + shown + ": supported values: \"All\"");
  error.details["kind"] = options_kind;
  error.details["causes"][0]["reason"] = "FieldValueNotSupported";
  return error;
}

// A write's body and its dry-run mode, the two things every create and update reads first.
struct WriteRequest {
  json body;
  WriteMode mode = WriteMode::Commit;
};

ApiResult<WriteRequest> parse_write(const HttpRequest& request, const std::string& options_kind) {
  KEXIT_ASSIGN(body, parse_body(request));
  KEXIT_ASSIGN(mode, write_mode(request, options_kind));
  return WriteRequest{std::move(body), mode};
}

}  // namespace

HttpResponse error_response(const ApiError& error) {
  HttpResponse response = json_response(error.code, error.to_status());
  if (error.retry_after_seconds > 0) {
    response.headers.emplace_back("Retry-After", std::to_string(error.retry_after_seconds));
  }
  return response;
}

HttpResponse json_response(int status, const json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump();
  return response;
}

ApiHandler::ApiHandler(Cluster& cluster, WatchRegistry& watches, HandlerSettings settings)
    : cluster_(cluster), watches_(watches), settings_(std::move(settings)) {}

HttpResponse ApiHandler::handle(const HttpRequest& request,
                                const std::function<bool()>& peer_alive) {
  RequestTarget target = parse_request_target(request.path);
  if (target.kind == RequestTarget::Kind::TestEndpoint) {
    if (!test_endpoints_) {
      return text_response(404, "404 page not found\n");
    }
    return test_endpoints_(request, target.rest);
  }
  if (target.kind == RequestTarget::Kind::Health) {
    return text_response(200, "ok");
  }

  std::optional<User> user = request.certificate_user;
  if (!user) {
    std::string authorization = request.header("authorization");
    if (starts_with(authorization, "Bearer ")) {
      user = cluster_.access().user_for_token(std::string(trim(authorization.substr(7))));
    }
  }
  if (!user) {
    return error_response(unauthorized());
  }

  RequestAttributes attributes = request_attributes(request, target);
  FaultDecision fault = cluster_.faults().on_request(attributes, request.path);
  if (fault.delay.count() > 0) {
    std::this_thread::sleep_for(fault.delay);
  }
  if (fault.error) {
    const FaultRule& rule = *fault.error;
    if (rule.status == 429) {
      // API Priority and Fairness rejects with plain text, not a Status.
      HttpResponse response =
          text_response(429, rule.message.empty() ? "Too many requests, please try again later.\n"
                                                  : rule.message);
      response.headers.emplace_back("Retry-After",
                                    std::to_string(std::max(rule.retry_after_seconds, 1)));
      response.headers.emplace_back("X-Content-Type-Options", "nosniff");
      return response;
    }
    ApiError error =
        rule.status == 503
            ? service_unavailable(rule.message.empty() ? "the server is currently "
                                                         "unable to handle the request"
                                                       : rule.message)
            : internal_error(rule.message.empty() ? "injected by kubesim" : rule.message);
    error.code = rule.status;
    if (rule.status == 504) {
      error.reason = "Timeout";
    } else if (rule.status == 410) {
      error = expired(rule.message.empty() ? "injected by kubesim" : rule.message);
    }
    error.retry_after_seconds = rule.retry_after_seconds;
    return error_response(error);
  }

  auto authorize = [this](const User& someone, const RequestAttributes& asked) {
    return cluster_.access().authorized(someone, asked) ||
           rbac_allows(cluster_.store(), someone, asked);
  };
  std::variant<User, ApiError> acting = acting_user(request, *user, authorize);
  if (const ApiError* refused = std::get_if<ApiError>(&acting)) {
    return error_response(*refused);
  }
  const User& actor = std::get<User>(acting);
  if (!authorize(actor, attributes)) {
    return error_response(AccessPolicy::forbidden_error(actor, attributes));
  }
  if (target.kind == RequestTarget::Kind::Resource) {
    cluster_.expire_events();
    return handle_resource(request, target, peer_alive);
  }
  return handle_discovery(request, target);
}

HttpResponse ApiHandler::handle_discovery(const HttpRequest& request, const RequestTarget& target) {
  if (request.method != "GET" && request.method != "HEAD") {
    return text_response(405, "405 method not allowed\n");
  }
  AcceptedFormat format =
      negotiate(request.header("accept"), false, settings_.aggregated_discovery);
  switch (target.kind) {
    case RequestTarget::Kind::Version:
      return json_response(200, version_document(settings_.version));
    case RequestTarget::Kind::CoreVersions:
    case RequestTarget::Kind::GroupList: {
      bool core = target.kind == RequestTarget::Kind::CoreVersions;
      if (format.kind == AcceptedFormat::Kind::AggregatedDiscovery) {
        HttpResponse response =
            json_response(200, aggregated_discovery_document(core, format.version));
        response.content_type = aggregated_discovery_content_type(format.version);
        return response;
      }
      return json_response(200,
                           core ? core_versions_document(server_address_) : group_list_document());
    }
    case RequestTarget::Kind::Group: {
      json document = group_document(target.group);
      return document.is_null() ? error_response(page_not_found()) : json_response(200, document);
    }
    case RequestTarget::Kind::ResourceList: {
      json document = resource_list_document(target.group, target.version);
      return document.is_null() ? error_response(page_not_found()) : json_response(200, document);
    }
    case RequestTarget::Kind::OpenApiV3Root:
      return json_response(200, openapi_v3_root());
    case RequestTarget::Kind::OpenApiV3: {
      json document = openapi_v3_document(target.rest, settings_.version.git_version);
      return document.is_null() ? text_response(404, "404 page not found\n")
                                : json_response(200, document);
    }
    case RequestTarget::Kind::OpenApiV2: {
      if (request.header("accept").find("protobuf") != std::string::npos) {
        HttpResponse response;
        // kube-openapi answers the deprecated "...spec.v2@v1.0+protobuf" Accept with this
        // type: Go's mime parser rejects the "@".
        response.content_type = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
        response.body = openapi_v2_protobuf(settings_.version.git_version);
        return response;
      }
      return json_response(200, openapi_v2_document(settings_.version.git_version));
    }
    default:
      return text_response(404, "404 page not found\n");
  }
}

HttpResponse ApiHandler::handle_resource(const HttpRequest& request, const RequestTarget& target,
                                         const std::function<bool()>& peer_alive) {
  if (target.type == nullptr) {
    return error_response(page_not_found());
  }
  const ResourceType& type = *target.type;
  const std::string& method = request.method;
  if (!target.subresource.empty()) {
    if (!type.has_subresource(target.subresource)) {
      return error_response(page_not_found());
    }
    if (target.subresource == "log") {
      if (method != "GET") {
        return error_response(method_not_allowed(method, type.group_resource()));
      }
      return read_log(request, target, peer_alive);
    }
    if (target.subresource == "token") {
      if (method != "POST") {
        return error_response(method_not_allowed(method, type.group_resource()));
      }
      return create_token(request, target);
    }
    if (method == "GET") {
      return get_object(request, target);
    }
    if (method == "PUT") {
      return replace_object(request, target, ObjectPart::Status);
    }
    if (method == "PATCH") {
      return patch_object(request, target, ObjectPart::Status);
    }
    return error_response(method_not_allowed(method, type.group_resource()));
  }
  if (method == "GET" || method == "HEAD") {
    auto watch = parse_bool(request.query_value("watch"));
    if (target.name.empty() || (watch && *watch)) {
      return list_or_watch(request, target, peer_alive);
    }
    return get_object(request, target);
  }
  if (method == "POST" && target.name.empty()) {
    return create_object(request, target);
  }
  if (method == "PUT" && !target.name.empty()) {
    return replace_object(request, target, ObjectPart::Main);
  }
  if (method == "PATCH" && !target.name.empty()) {
    return patch_object(request, target, ObjectPart::Main);
  }
  if (method == "DELETE" && !target.name.empty()) {
    return delete_object(request, target);
  }
  return error_response(method_not_allowed(method, type.group_resource()));
}

HttpResponse ApiHandler::object_response(const HttpRequest& request, const ResourceType& type,
                                         const StoredObject& object, int status) {
  if (auto table = table_format(request, type)) {
    json metadata = {{"resourceVersion", std::to_string(object.resource_version)}};
    return json_response(
        status,
        make_table(cluster_, type, {std::make_shared<StoredObject>(object)}, *table, metadata));
  }
  HttpResponse response;
  response.status = status;
  response.body = cluster_.render(type, object, true);
  return response;
}

namespace {

// The 410 of a continue token older than the store's history, with a fresh token to go on
// inconsistently, as kube-apiserver answers it.
HttpResponse expired_continue(const ObjectStore& store, const ContinueToken& token) {
  ApiError error = expired(
      "The provided continue parameter is too old to display a consistent list result. You "
      "can start a new list without the continue parameter, or use the continue token in "
      "this response to retrieve the remainder of the results. Continuing with the provided "
      "token results in an inconsistent list - objects that were created, modified, or "
      "deleted between the time the first chunk was returned and now may show up in the "
      "list.");
  error.details = nullptr;
  json status = error.to_status();
  status["metadata"]["continue"] = encode_continue({store.resource_version(), token.start_after});
  return json_response(410, status);
}

// Where a list starts (a continue token, a resourceVersion) and at which version it is
// served; a refusal when the token or version cannot be served.
std::optional<HttpResponse> place_list(const ListOptions& options, const ObjectStore& store,
                                       ListQuery& query, std::uint64_t& list_version) {
  std::uint64_t compacted = store.compacted_resource_version();
  if (!options.continue_token.empty()) {
    auto token = decode_continue(options.continue_token);
    if (!token) {
      return error_response(bad_request("continue key is not valid: invalid continue token"));
    }
    if (token->resource_version < compacted) {
      return expired_continue(store, *token);
    }
    query.start_after = token->start_after;
    list_version = token->resource_version;
  } else if (!options.resource_version.empty() && options.resource_version != "0") {
    std::uint64_t requested = std::stoull(options.resource_version);
    std::uint64_t current = store.resource_version();
    if (requested > current) {
      return error_response(too_large_resource_version(requested, current));
    }
    bool exact = options.resource_version_match == "Exact" ||
                 (options.resource_version_match.empty() && query.limit != 0);
    if (exact && requested < compacted) {
      ApiError error = expired("The resourceVersion for the provided list is too old.");
      error.details = nullptr;
      return error_response(error);
    }
  }
  return std::nullopt;
}

// Concatenated from the stored JSON: no object is parsed for a plain list.
std::string plain_list_body(const Cluster& cluster, const ResourceType& type, const ListPage& page,
                            const json& metadata) {
  std::string body = "{\"apiVersion\":" + json(type.group_version()).dump() + ",\"items\":[";
  std::size_t size = body.size() + 128;
  for (const auto& item : page.items) {
    size += item->json.size() + 1;
  }
  body.reserve(size);
  bool first = true;
  for (const auto& item : page.items) {
    if (!first) {
      body += ',';
    }
    first = false;
    body += cluster.render(type, *item, false);
  }
  body += "],\"kind\":" + json(list_kind(type)).dump() + ",\"metadata\":" + metadata.dump() + "}";
  return body;
}

}  // namespace

HttpResponse ApiHandler::list_or_watch(const HttpRequest& request, const RequestTarget& target,
                                       const std::function<bool()>& peer_alive) {
  const ResourceType& type = *target.type;
  auto parsed = parse_list_options(request, type);
  if (!parsed) {
    return error_response(parsed.error());
  }
  ListOptions options = std::move(parsed).value();
  if (!target.name.empty()) {
    // GET .../pods/NAME?watch=true: the deprecated single-object watch.
    auto fields = FieldSelector::parse("metadata.name=" + target.name);
    options.fields = std::move(fields).value();
    options.has_fields = true;
  }
  std::string namespace_name = type.namespaced ? target.namespace_name : "";
  std::optional<TableFormat> table = table_format(request, type);
  ObjectStore& store = cluster_.store();

  if (options.watch) {
    HttpResponse response;
    response.stream =
        std::make_shared<WatchStream>(cluster_, watches_, type, namespace_name, std::move(options),
                                      table, settings_.watch, peer_alive);
    return response;
  }

  ListQuery query;
  query.storage = type.storage;
  query.namespace_name = namespace_name;
  query.labels = options.has_labels ? &options.labels : nullptr;
  query.fields = options.has_fields ? &options.fields : nullptr;
  // Like the watch cache, a list at resourceVersion=0 ignores limit.
  query.limit = options.resource_version == "0" ? 0 : options.limit;
  std::uint64_t list_version = 0;
  if (auto refused = place_list(options, store, query, list_version)) {
    return std::move(*refused);
  }
  ListPage page = store.list(query);
  if (list_version == 0) {
    list_version = page.resource_version;
  }
  json metadata = {{"resourceVersion", std::to_string(list_version)}};
  if (page.more && !page.items.empty()) {
    metadata["continue"] = encode_continue({list_version, page.items.back()->key});
    if (page.remaining) {
      metadata["remainingItemCount"] = *page.remaining;
    }
  }
  if (table) {
    return json_response(200, make_table(cluster_, type, page.items, *table, metadata));
  }
  HttpResponse response;
  response.body = plain_list_body(cluster_, type, page, metadata);
  return response;
}

HttpResponse ApiHandler::get_object(const HttpRequest& request, const RequestTarget& target) {
  const ResourceType& type = *target.type;
  auto object = cluster_.get(type, target.namespace_name, target.name);
  if (!object) {
    return error_response(object.error());
  }
  return object_response(request, type, **object, 200);
}

HttpResponse ApiHandler::create_object(const HttpRequest& request, const RequestTarget& target) {
  const ResourceType& type = *target.type;
  auto write = parse_write(request, "CreateOptions");
  if (!write) {
    return error_response(write.error());
  }
  auto created = cluster_.create(type, type.namespaced ? target.namespace_name : "",
                                 std::move(write->body), write->mode);
  if (!created) {
    return error_response(created.error());
  }
  return object_response(request, type, **created, 201);
}

HttpResponse ApiHandler::replace_object(const HttpRequest& request, const RequestTarget& target,
                                        ObjectPart part) {
  const ResourceType& type = *target.type;
  auto write = parse_write(request, "UpdateOptions");
  if (!write) {
    return error_response(write.error());
  }
  auto replaced = cluster_.replace(type, target.namespace_name, target.name, std::move(write->body),
                                   part, write->mode);
  if (!replaced) {
    return error_response(replaced.error());
  }
  return object_response(request, type, **replaced, 200);
}

HttpResponse ApiHandler::patch_object(const HttpRequest& request, const RequestTarget& target,
                                      ObjectPart part) {
  const ResourceType& type = *target.type;
  auto patch_type = patch_type_of(request.header("content-type"));
  if (!patch_type) {
    return error_response(
        unsupported_media_type("application/json-patch+json, application/merge-patch+json, "
                               "application/strategic-merge-patch+json"));
  }
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    return error_response(bad_request("the patch is not valid JSON"));
  }
  auto mode = write_mode(request, "PatchOptions");
  if (!mode) {
    return error_response(mode.error());
  }
  auto patched =
      cluster_.patch(type, target.namespace_name, target.name, *patch_type, body, part, *mode);
  if (!patched) {
    return error_response(patched.error());
  }
  return object_response(request, type, **patched, 200);
}

HttpResponse ApiHandler::delete_object(const HttpRequest& request, const RequestTarget& target) {
  const ResourceType& type = *target.type;
  json options = request.body.empty() ? json() : json::parse(request.body, nullptr, false);
  if (options.is_discarded()) {
    return error_response(bad_request("the DeleteOptions body is not valid JSON"));
  }
  auto mode = write_mode(request, "DeleteOptions");
  if (!mode) {
    return error_response(mode.error());
  }
  auto removed = cluster_.remove(type, target.namespace_name, target.name, options, *mode);
  if (!removed) {
    return error_response(removed.error());
  }
  if (type.storage == "pods") {
    return object_response(request, type, **removed, 200);
  }
  json details = {{"name", target.name}, {"kind", type.resource}, {"uid", (*removed)->uid}};
  if (!type.group.empty()) {
    details["group"] = type.group;
  }
  return json_response(200, {{"kind", "Status"},
                             {"apiVersion", "v1"},
                             {"metadata", json::object()},
                             {"status", "Success"},
                             {"details", details}});
}

HttpResponse ApiHandler::create_token(const HttpRequest& request, const RequestTarget& target) {
  auto write = parse_write(request, "CreateOptions");
  if (!write) {
    return error_response(write.error());
  }
  auto answer = request_token(cluster_, target.namespace_name, target.name, std::move(write->body),
                              write->mode);
  if (!answer) {
    return error_response(answer.error());
  }
  return json_response(201, *answer);
}

HttpResponse ApiHandler::read_log(const HttpRequest& request, const RequestTarget& target,
                                  const std::function<bool()>& peer_alive) {
  auto options = parse_log_options(request);
  if (!options) {
    return error_response(options.error());
  }
  auto pod = cluster_.get(*target.type, target.namespace_name, target.name);
  if (!pod) {
    return error_response(pod.error());
  }
  json pod_json = json::parse((*pod)->json);
  auto text = read_pod_log(pod_json, cluster_.logs(), *options, cluster_.clock().now());
  if (!text) {
    return error_response(text.error());
  }
  HttpResponse response = text_response(200, *text);
  response.content_type = "text/plain";
  if (options->follow && !options->previous && !pod_json["spec"].value("nodeName", "").empty()) {
    // read_pod_log checked the request; the stream answers it, from its own snapshot.
    std::string container = resolve_log_container(pod_json, options->container).value();
    std::string instance = log_container_id(pod_json, container, false).value();
    response.body.clear();
    response.stream = std::make_shared<LogFollowStream>(cluster_, watches_, target.namespace_name,
                                                        target.name, container, instance, *options,
                                                        settings_.watch.poll_interval, peer_alive);
  }
  return response;
}

}  // namespace kexit::kubesim
