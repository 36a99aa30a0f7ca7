#pragma once
// The Events table of `kubectl describe` before 1.10: FirstSeen, LastSeen, Count, From,
// SubobjectPath, Type (from 1.2 on), Reason, Message.

#include <optional>
#include <string>
#include <vector>

#include "kube/clock.h"
#include "kube/describe_events.h"
#include "kube/describe_layout.h"

namespace kexit::kube {

// The rows below `table` when its first line is the older header; nullopt for any other
// table. A row that does not read is left out with a note naming its line. Ages become times
// before `reference`, as in the newer table; absolute times (kubectl 1.0-1.1) are kept.
std::optional<DescribedEvents> read_legacy_describe_events(
    const DescribeNode& table, const std::vector<DescribedContainer>& containers,
    std::optional<TimePoint> reference);

}  // namespace kexit::kube
