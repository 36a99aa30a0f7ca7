#include "kube/list_watcher.h"

#include <algorithm>
#include <set>

namespace kexit::kube {
namespace {

using nlohmann::json;

std::string metadata_string(const json& object, const char* key) {
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) {
    return "";
  }
  auto value = metadata->find(key);
  return value != metadata->end() && value->is_string() ? value->get<std::string>() : "";
}

std::string key_of(const json& object) {
  std::string uid = metadata_string(object, "uid");
  if (!uid.empty()) {
    return uid;
  }
  return metadata_string(object, "namespace") + "/" + metadata_string(object, "name");
}

}  // namespace

ListWatcher::ListWatcher(ApiClient& client, ListWatchOptions options)
    : client_(client),
      options_(std::move(options)),
      random_(options_.seed != 0 ? options_.seed : std::random_device{}()) {}

std::string ListWatcher::resource_version() const {
  std::lock_guard<std::mutex> lock(version_mutex_);
  return resource_version_;
}

void ListWatcher::stop() {
  stopping_ = true;
  cancellation_.cancel();
}

bool ListWatcher::wait(std::chrono::milliseconds delay) {
  constexpr std::chrono::milliseconds kSlice{100};
  while (delay.count() > 0 && !stopping_) {
    auto step = std::min(delay, kSlice);
    client_.clock().sleep_for(step);
    delay -= step;
  }
  return !stopping_;
}

std::chrono::seconds ListWatcher::watch_timeout() {
  auto low = options_.min_watch_timeout.count();
  auto high = std::max(options_.max_watch_timeout.count(), low + 1);
  std::uniform_int_distribution<long long> spread(low, high - 1);
  return std::chrono::seconds(spread(random_));
}

void ListWatcher::remember(const WatchEvent& event) {
  std::string key = key_of(event.object);
  if (event.type == WatchEventType::kDeleted) {
    known_.erase(key);
    return;
  }
  known_[key] =
      Known{metadata_string(event.object, "namespace"), metadata_string(event.object, "name"),
            metadata_string(event.object, "resourceVersion")};
}

Status ListWatcher::relist(const Handler& handler) {
  ++lists_;
  std::set<std::string> seen;
  ListOptions list_options;
  list_options.label_selector = options_.label_selector;
  list_options.field_selector = options_.field_selector;
  list_options.limit = options_.page_size;
  auto version = client_.list_each(
      options_.path, list_options,
      [&](json&& item) {
        std::string key = key_of(item);
        seen.insert(key);
        auto known = known_.find(key);
        std::string item_version = metadata_string(item, "resourceVersion");
        if (known != known_.end() && known->second.resource_version == item_version) {
          return ok_status();
        }
        WatchEvent event{known == known_.end() ? WatchEventType::kAdded : WatchEventType::kModified,
                         std::move(item)};
        remember(event);
        if (handler.on_event) {
          handler.on_event(event);
        }
        return ok_status();
      },
      &cancellation_);
  if (!version) {
    return version.error();
  }
  // Objects that vanished while we were not watching: their deletion was missed.
  for (auto it = known_.begin(); it != known_.end();) {
    if (seen.count(it->first) != 0) {
      ++it;
      continue;
    }
    json metadata = {{"name", it->second.name}, {"resourceVersion", it->second.resource_version}};
    if (!it->second.namespace_name.empty()) {
      metadata["namespace"] = it->second.namespace_name;
    }
    if (it->first.find('/') == std::string::npos) {
      metadata["uid"] = it->first;
    }
    WatchEvent deleted{WatchEventType::kDeleted, json{{"metadata", std::move(metadata)}}};
    it = known_.erase(it);
    if (handler.on_event) {
      handler.on_event(deleted);
    }
  }
  {
    std::lock_guard<std::mutex> lock(version_mutex_);
    resource_version_ = *version;
  }
  if (handler.on_synced) {
    handler.on_synced(*version);
  }
  return ok_status();
}

Expected<WatchResult> ListWatcher::watch_once(const Handler& handler) {
  WatchOptions watch_options;
  watch_options.resource_version = resource_version();
  watch_options.label_selector = options_.label_selector;
  watch_options.field_selector = options_.field_selector;
  watch_options.timeout = watch_timeout();
  ++watches_;
  return client_.watch(
      options_.path, watch_options,
      [&](const WatchEvent& event) {
        {
          std::lock_guard<std::mutex> lock(version_mutex_);
          std::string version = resource_version_of(event.object);
          if (!version.empty()) {
            resource_version_ = version;
          }
        }
        if (event.type == WatchEventType::kBookmark) {
          if (handler.on_bookmark) {
            handler.on_bookmark(resource_version_of(event.object));
          }
          return !stopping_;
        }
        remember(event);
        if (handler.on_event) {
          handler.on_event(event);
        }
        return !stopping_;
      },
      &cancellation_);
}

Status ListWatcher::run(const Handler& handler) {
  Backoff backoff(options_.backoff, random_());
  int failures = 0;
  bool need_list = true;
  auto fail = [&](const Error& error) -> Status {
    ++failures;
    if (handler.on_error) {
      handler.on_error(error);
    }
    if (options_.max_consecutive_failures > 0 && failures >= options_.max_consecutive_failures) {
      return error;
    }
    wait(backoff.next_delay());
    return ok_status();
  };
  while (!stopping_) {
    if (need_list) {
      Status listed = relist(handler);
      if (!listed) {
        if (stopping_) {
          break;
        }
        KEXIT_CHECK(fail(listed.error()));
        continue;
      }
      need_list = false;
      failures = 0;
      backoff.reset();
    }
    auto result = watch_once(handler);
    if (stopping_) {
      break;
    }
    if (!result) {
      KEXIT_CHECK(fail(result.error()));
      continue;
    }
    switch (result->end) {
      case WatchEnd::kClosed:
      case WatchEnd::kStopped:
        // A clean end (timeoutSeconds): continue from the last version at once.
        failures = 0;
        backoff.reset();
        break;
      case WatchEnd::kExpired:
        // The version fell out of the server's history; only a new list can catch up.
        need_list = true;
        break;
      case WatchEnd::kError:
        // 504 "Too large resource version" and the like: list again after a pause.
        need_list = true;
        KEXIT_CHECK(fail(Error{
            "the watch of " + options_.path + " failed: " +
            (result->status.message.empty() ? result->status.reason : result->status.message)}));
        break;
      case WatchEnd::kInterrupted:
        if (result->events > 0) {
          failures = 0;
          backoff.reset();
        }
        KEXIT_CHECK(fail(Error{"the watch of " + options_.path + " was interrupted (" +
                               result->interruption + "); resuming from resourceVersion " +
                               resource_version()}));
        break;
    }
  }
  return ok_status();
}

}  // namespace kexit::kube
