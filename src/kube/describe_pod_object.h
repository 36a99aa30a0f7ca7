#pragma once
// A Pod object as the API would serve it, rebuilt from the fields of one pod's `kubectl
// describe` text, so that parse_pod makes every decision for describe text as for JSON.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "kube/clock.h"
#include "kube/describe_events.h"
#include "kube/describe_layout.h"

namespace kexit::kube {

struct DescribedPodObject {
  nlohmann::json pod;
  // The newest absolute time in the text (Start Time, Started, Finished): Event ages are
  // placed before it.
  std::optional<TimePoint> newest_time;
  std::vector<DescribedContainer> containers;
  // What the text lacked or cut short.
  std::vector<std::string> notes;
  // The "Events:" field; nullptr when the text has none.
  const DescribeNode* events = nullptr;
};

// `fields` are one pod's top-level fields from read_describe_layout. A value that cannot be
// read is an error naming its line, unless it is on the text's last line (`last_line`), which a
// cut may have left half: that value is left out, with a note.
Expected<DescribedPodObject> rebuild_pod_object(const std::vector<DescribeNode>& fields,
                                                const std::string& source, int last_line);

}  // namespace kexit::kube
