#include "kubesim/watch_stream.h"

#include <algorithm>

namespace kexit::kubesim {
namespace {

using nlohmann::json;
using std::chrono::steady_clock;

constexpr std::size_t kBatch = 256;

}  // namespace

WatchStream::WatchStream(Cluster& cluster, WatchRegistry& registry, const ResourceType& type,
                         std::string namespace_name, ListOptions options,
                         std::optional<TableFormat> table, WatchSettings settings,
                         std::function<bool()> peer_alive)
    : cluster_(cluster),
      registry_(registry),
      type_(type),
      namespace_name_(std::move(namespace_name)),
      options_(std::move(options)),
      table_(std::move(table)),
      settings_(settings),
      peer_alive_(std::move(peer_alive)) {
  registry_.opened();
  auto now = steady_clock::now();
  auto timeout = options_.timeout_seconds
                     ? std::chrono::seconds(std::max<long long>(*options_.timeout_seconds, 0))
                     : settings_.default_timeout;
  deadline_ = now + timeout;
  last_sent_ = now;
  next_bookmark_ = now + settings_.bookmark_interval;
  drop_generation_ = cluster_.faults().drop_generation();
  bookmark_generation_ = registry_.bookmark_generation();
  cut_after_ = cluster_.faults().take_watch_cut();

  const ObjectStore& store = cluster_.store();
  bool replay = options_.resource_version.empty() || options_.resource_version == "0" ||
                options_.send_initial_events;
  if (replay) {
    // The current state as synthetic ADDED events, then changes after the state's version.
    ListPage snapshot = store.snapshot(type_.storage, namespace_name_);
    cursor_ = snapshot.resource_version;
    for (auto& object : snapshot.items) {
      if (selected(*object)) {
        initial_.push_back(std::move(object));
      }
    }
    initial_end_pending_ = options_.send_initial_events;
  } else {
    cursor_ = std::stoull(options_.resource_version);
    if (cursor_ > store.resource_version()) {
      too_large_until_ = now + settings_.future_version_wait;
    }
  }
}

WatchStream::~WatchStream() { registry_.closed(); }

bool WatchStream::selected(const StoredObject& object) const {
  if (!namespace_name_.empty() && object.namespace_name != namespace_name_) {
    return false;
  }
  return (!options_.has_labels || options_.labels.matches(object.labels)) &&
         (!options_.has_fields || options_.fields.matches(object.fields));
}

std::string WatchStream::render_object(const StoredObject& object) const {
  if (!table_) {
    return cluster_.render(type_, object, true);
  }
  json metadata = {{"resourceVersion", std::to_string(object.resource_version)}};
  return make_table(cluster_, type_, {std::make_shared<StoredObject>(object)}, *table_, metadata)
      .dump();
}

WatchStream::Emit WatchStream::emit(const Writer& write, const char* type,
                                    const std::string& object_json) {
  std::string event = "{\"type\":\"" + std::string(type) + "\",\"object\":" + object_json + "}\n";
  if (cut_after_ && events_sent_ == *cut_after_) {
    // Half an event, then the connection drops: clients must not trust a partial object.
    write(std::string_view(event).substr(0, event.size() / 2));
    return Emit::Cut;
  }
  if (!write(event)) {
    return Emit::Failed;
  }
  ++events_sent_;
  last_sent_ = steady_clock::now();
  return Emit::Written;
}

WatchStream::Emit WatchStream::emit_bookmark(const Writer& write, bool initial_events_end) {
  json metadata = {{"resourceVersion", std::to_string(cursor_)}, {"creationTimestamp", nullptr}};
  if (initial_events_end) {
    metadata["annotations"] = {{"k8s.io/initial-events-end", "true"}};
  }
  json object = {
      {"kind", type_.kind}, {"apiVersion", type_.group_version()}, {"metadata", metadata}};
  next_bookmark_ = steady_clock::now() + settings_.bookmark_interval;
  return emit(write, "BOOKMARK", object.dump());
}

StreamStep WatchStream::finish(Emit result) const {
  return result == Emit::Written ? StreamStep::Continue : StreamStep::Abort;
}

StreamStep WatchStream::next(const Writer& write) {
  auto now = steady_clock::now();
  if (registry_.stopping()) {
    return StreamStep::Done;
  }
  if (cluster_.faults().drop_generation() != drop_generation_ || (peer_alive_ && !peer_alive_())) {
    return StreamStep::Abort;
  }
  if (auto step = send_initial(write)) {
    return *step;
  }
  if (now >= deadline_) {
    return StreamStep::Done;
  }
  if (auto idle = cluster_.faults().idle_watch_timeout(); idle && now - last_sent_ >= *idle) {
    return StreamStep::Done;
  }
  if (type_.storage == "events") {
    cluster_.expire_events();
  }
  if (auto step = wait_for_future_version(write, now)) {
    return *step;
  }
  if (auto step = send_changes(write)) {
    return *step;
  }
  if (auto step = send_due_bookmark(write, now)) {
    return *step;
  }
  auto wake = std::min(deadline_, now + settings_.poll_interval);
  if (options_.allow_bookmarks) {
    wake = std::min(wake, std::max(now, next_bookmark_));
    if (!final_bookmark_sent_) {
      wake = std::min(wake, std::max(now, deadline_ - std::chrono::seconds(2)));
    }
  }
  cluster_.store().wait_for_change(cursor_, wake);
  return StreamStep::Continue;
}

// The initial ADDED events (sendInitialEvents or a watch from resourceVersion 0), a batch at
// a time, then the initial-events-end bookmark when asked for.
std::optional<StreamStep> WatchStream::send_initial(const Writer& write) {
  if (initial_index_ < initial_.size()) {
    std::size_t end = std::min(initial_.size(), initial_index_ + kBatch);
    for (; initial_index_ < end; ++initial_index_) {
      Emit result = emit(write, "ADDED", render_object(*initial_[initial_index_]));
      if (result != Emit::Written) {
        return finish(result);
      }
    }
    if (initial_index_ == initial_.size()) {
      initial_.clear();
      initial_.shrink_to_fit();
    }
    return StreamStep::Continue;
  }
  if (initial_end_pending_) {
    initial_end_pending_ = false;
    return finish(emit_bookmark(write, true));
  }
  return std::nullopt;
}

// A watch from a resourceVersion ahead of the store waits for it, and after the grace period
// ends with the apiserver's "Too large resource version" error.
std::optional<StreamStep> WatchStream::wait_for_future_version(
    const Writer& write, std::chrono::steady_clock::time_point now) {
  if (!too_large_until_) {
    return std::nullopt;
  }
  ObjectStore& store = cluster_.store();
  std::uint64_t current = store.resource_version();
  if (cursor_ <= current) {
    too_large_until_.reset();
    return std::nullopt;
  }
  if (now < *too_large_until_) {
    store.wait_for_change(current, std::min(*too_large_until_, now + settings_.poll_interval));
    return StreamStep::Continue;
  }
  Emit result =
      emit(write, "ERROR", too_large_resource_version(cursor_, current).to_status().dump());
  return result == Emit::Written ? StreamStep::Done : StreamStep::Abort;
}

// The event a change makes for this watch's selection, or nullptr; `shown` is the object
// to send.
const char* WatchStream::event_for(const Change& change, const StoredObject*& shown,
                                   StoredObject& restamped) const {
  bool now_selected = change.type != ChangeType::Deleted && selected(*change.object);
  bool was_selected = change.previous && selected(*change.previous);
  shown = change.object.get();
  if (change.type == ChangeType::Deleted) {
    return was_selected ? "DELETED" : nullptr;
  }
  if (now_selected) {
    return change.type == ChangeType::Added || !was_selected ? "ADDED" : "MODIFIED";
  }
  if (!was_selected) {
    return nullptr;
  }
  // Left the selection: DELETED with the state it had, at the new resourceVersion.
  restamped = *change.previous;
  json previous = json::parse(restamped.json);
  previous["metadata"]["resourceVersion"] = std::to_string(change.resource_version);
  restamped.json = previous.dump();
  restamped.resource_version = change.resource_version;
  shown = &restamped;
  return "DELETED";
}

// The next batch of changes; nothing when none was for this watch.
std::optional<StreamStep> WatchStream::send_changes(const Writer& write) {
  ChangeRead read = cluster_.store().read_changes(type_.storage, cursor_, kBatch);
  if (read.expired) {
    ApiError error = expired("too old resource version: " + std::to_string(cursor_) + " (" +
                             std::to_string(read.compacted) + ")");
    error.details = nullptr;
    Emit result = emit(write, "ERROR", error.to_status().dump());
    return result == Emit::Written ? StreamStep::Done : StreamStep::Abort;
  }
  bool wrote = false;
  for (const Change& change : read.changes) {
    const StoredObject* shown = nullptr;
    StoredObject restamped;
    const char* event_type = event_for(change, shown, restamped);
    if (event_type == nullptr) {
      continue;
    }
    Emit result = emit(write, event_type, render_object(*shown));
    if (result != Emit::Written) {
      return finish(result);
    }
    wrote = true;
  }
  cursor_ = read.head;
  return wrote ? std::optional(StreamStep::Continue) : std::nullopt;
}

// A periodic bookmark, one asked for through the test endpoint, or the last one before the
// deadline.
std::optional<StreamStep> WatchStream::send_due_bookmark(
    const Writer& write, std::chrono::steady_clock::time_point now) {
  if (!options_.allow_bookmarks) {
    return std::nullopt;
  }
  std::uint64_t generation = registry_.bookmark_generation();
  bool near_deadline = !final_bookmark_sent_ && deadline_ - now <= std::chrono::seconds(2);
  if (now < next_bookmark_ && generation == bookmark_generation_ && !near_deadline) {
    return std::nullopt;
  }
  bookmark_generation_ = generation;
  final_bookmark_sent_ = final_bookmark_sent_ || near_deadline;
  return finish(emit_bookmark(write, false));
}

}  // namespace kexit::kubesim
