#pragma once
// ScenarioPlayer: plays a Scenario into a Cluster. Time is the scenario's own: a test steps it
// with advance_to()/advance_by() without sleeping, the standalone server follows the wall
// clock. Objects get the timestamps of their step (start + at), uids and container IDs are
// derived from names, so replays are reproducible.

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "base/expected.h"
#include "kubesim/cluster.h"
#include "kubesim/event_recorder.h"
#include "kubesim/scenario.h"

namespace kexit::kubesim {

class ScenarioPlayer {
 public:
  ScenarioPlayer(Cluster& cluster, Scenario scenario, TimePoint start);

  // Applies every step due at or before `offset` from the start (creating the scenario's
  // namespaces and objects first); stops at the first failing step.
  Status advance_to(std::chrono::milliseconds offset);
  Status advance_by(std::chrono::milliseconds step);
  // Plays everything.
  Status finish();

  std::chrono::milliseconds position() const;
  std::optional<std::chrono::milliseconds> next_step_at() const;
  bool finished() const;
  TimePoint start() const { return start_; }
  // Called with start + position after each advance (e.g. to push a ShiftedClock along).
  void set_time_follower(std::function<void(TimePoint)> follower) {
    time_follower_ = std::move(follower);
  }
  const Scenario& scenario() const { return scenario_; }

 private:
  Status begin();
  // Fills the uid of ownerReferences that name an object by kind and name only.
  void resolve_owners(nlohmann::json& metadata, const std::string& namespace_name) const;
  // One pod step being applied: the pod as stored, changed in place and stored after.
  struct PodStep {
    const ScenarioStep& step;
    const ScenarioPod& spec;
    nlohmann::json pod;
    TimePoint at;
    std::string container;  // the named one, or the only one for single-container actions
    bool store = true;      // store `pod` afterwards
  };
  using PodAction = Status (ScenarioPlayer::*)(PodStep&);

  Status apply(const ScenarioStep& step);
  Status create_pod(const ScenarioStep& step);
  Status start(PodStep& step);
  Status log(PodStep& step);
  Status terminate(PodStep& step);
  Status back_off(PodStep& step);
  Status wait(PodStep& step);
  Status restart(PodStep& step);
  Status event_step(PodStep& step);
  Status fail(PodStep& step);
  Status reject(PodStep& step);
  Status evict(PodStep& step);
  Status remove(PodStep& step);
  // Top-level steps on any object.
  Status apply_object_step(const ScenarioStep& step);
  Status patch_object(const ScenarioStep& step, const ResourceType& type, TimePoint at);
  Status object_event(const ScenarioStep& step, const ResourceType& type, TimePoint at);

  Expected<nlohmann::json> current_pod(const ScenarioPod& pod) const;
  std::string next_container_id(const ScenarioPod& pod, const std::string& container);
  void record_event(const nlohmann::json& pod, const std::string& type, const std::string& reason,
                    const std::string& message, const std::string& container, TimePoint at);
  void record_started_events(const PodStep& step, const std::string& container);

  Cluster& cluster_;
  EventRecorder recorder_;
  Scenario scenario_;
  TimePoint start_;
  mutable std::mutex mutex_;
  bool begun_ = false;
  std::size_t next_step_ = 0;
  std::chrono::milliseconds position_{0};
  std::map<std::string, int> instances_;
  std::uint64_t events_recorded_ = 0;
  std::function<void(TimePoint)> time_follower_;
};

// A stable UUID-shaped id derived from text (scenario pods and objects).
std::string derived_uid(const std::string& seed);

}  // namespace kexit::kubesim
