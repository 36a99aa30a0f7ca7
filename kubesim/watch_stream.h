#pragma once
// WatchStream: one watch response, written as the apiserver writes it: newline-terminated
// {"type","object"} events (synthetic ADDED for the current state when no resourceVersion or
// "0" is given), selector enter/leave as ADDED/DELETED, BOOKMARKs, an ERROR event carrying a
// 410 Status for a compacted resourceVersion, and a clean end at timeoutSeconds.
//
// The stream never spins: between events it blocks on the store's condition variable, waking
// at most every `poll_interval` to notice a departed client, a fault or shutdown. Each open
// watch occupies one server thread; see kubesim/README.md for the limit.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kubesim/cluster.h"
#include "kubesim/http_exchange.h"
#include "kubesim/list_options.h"
#include "kubesim/table_response.h"
#include "kubesim/watch_registry.h"

namespace kexit::kubesim {

struct WatchSettings {
  // Between bookmarks when the client allows them (the apiserver's is a minute).
  std::chrono::milliseconds bookmark_interval{60000};
  // The length of a watch without timeoutSeconds (the apiserver picks 30-60 minutes).
  std::chrono::seconds default_timeout{1800};
  // How often an idle watch wakes to check its client, faults and shutdown.
  std::chrono::milliseconds poll_interval{250};
  // How long a watch from a future resourceVersion waits for it before answering 504 (the
  // watch cache's 3 seconds).
  std::chrono::milliseconds future_version_wait{3000};
};

class WatchStream : public ResponseStream {
 public:
  // `table`: set for `as=Table` watches. `peer_alive`: false once the client hung up (may be
  // empty).
  WatchStream(Cluster& cluster, WatchRegistry& registry, const ResourceType& type,
              std::string namespace_name, ListOptions options, std::optional<TableFormat> table,
              WatchSettings settings, std::function<bool()> peer_alive);
  ~WatchStream() override;
  WatchStream(const WatchStream&) = delete;
  WatchStream& operator=(const WatchStream&) = delete;

  StreamStep next(const Writer& write) override;

 private:
  enum class Emit { Written, Cut, Failed };

  bool selected(const StoredObject& object) const;
  std::string render_object(const StoredObject& object) const;
  Emit emit(const Writer& write, const char* type, const std::string& object_json);
  Emit emit_bookmark(const Writer& write, bool initial_events_end);
  StreamStep finish(Emit result) const;
  std::optional<StreamStep> send_initial(const Writer& write);
  std::optional<StreamStep> wait_for_future_version(const Writer& write,
                                                    std::chrono::steady_clock::time_point now);
  const char* event_for(const Change& change, const StoredObject*& shown,
                        StoredObject& restamped) const;
  std::optional<StreamStep> send_changes(const Writer& write);
  std::optional<StreamStep> send_due_bookmark(const Writer& write,
                                              std::chrono::steady_clock::time_point now);

  Cluster& cluster_;
  WatchRegistry& registry_;
  const ResourceType& type_;
  std::string namespace_name_;
  ListOptions options_;
  std::optional<TableFormat> table_;
  WatchSettings settings_;
  std::function<bool()> peer_alive_;

  std::uint64_t cursor_ = 0;
  std::vector<ObjectPtr> initial_;
  std::size_t initial_index_ = 0;
  bool initial_end_pending_ = false;
  std::chrono::steady_clock::time_point deadline_;
  std::chrono::steady_clock::time_point last_sent_;
  std::chrono::steady_clock::time_point next_bookmark_;
  std::optional<std::chrono::steady_clock::time_point> too_large_until_;
  bool final_bookmark_sent_ = false;
  std::uint64_t drop_generation_ = 0;
  std::uint64_t bookmark_generation_ = 0;
  std::optional<std::size_t> cut_after_;
  std::size_t events_sent_ = 0;
};

}  // namespace kexit::kubesim
