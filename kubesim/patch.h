#pragma once
// PATCH bodies: JSON Patch (RFC 6902), JSON merge patch (RFC 7386) and the strategic merge
// patch subset kubectl and client-go send (merge keys of the Pod, Event and workload lists
// below, `$patch`, `$retainKeys`, `$setElementOrder`, `$deleteFromPrimitiveList`).

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "base/expected.h"

namespace kexit::kubesim {

enum class PatchType { Json, Merge, StrategicMerge };

// By Content-Type (parameters ignored); nullopt for anything else, e.g. server-side apply.
std::optional<PatchType> patch_type_of(std::string_view content_type);

Expected<nlohmann::json> apply_patch(PatchType type, const nlohmann::json& target,
                                     const nlohmann::json& patch);

// Strategic merge patch on its own (exposed for tests).
nlohmann::json strategic_merge(const nlohmann::json& target, const nlohmann::json& patch);

}  // namespace kexit::kubesim
