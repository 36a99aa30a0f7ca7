#pragma once
// Server-side Table printing (Accept `as=Table`): the column definitions and row cells the
// apiserver's printers produce for pods, events, namespaces, leases and workloads, so
// `kubectl get` shows real columns instead of NAME/AGE.

#include <nlohmann/json.hpp>
#include <string_view>

#include "kubesim/clock.h"

namespace kexit::kubesim {

// False for kinds kubesim has no printer for; those answer plain JSON and kubectl falls back
// to NAME/AGE.
bool has_table_printer(std::string_view storage);
// The columnDefinitions array (all columns; priority-1 ones show with `-o wide`).
nlohmann::json table_column_definitions(std::string_view storage);
// One row without its "object": {"cells": [...]} plus "conditions" for finished pods.
// `object` is in stored form (Events as core/v1).
nlohmann::json table_row(std::string_view storage, const nlohmann::json& object, TimePoint now);

}  // namespace kexit::kubesim
