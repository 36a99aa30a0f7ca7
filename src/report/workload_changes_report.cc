#include "report/workload_changes_report.h"

#include "report/json_fields.h"

namespace kexit::report {
namespace {

using nlohmann::ordered_json;

ordered_json change_document(const kube::WorkloadChange& change) {
  ordered_json item;
  item["kind"] = change.kind;
  item["time"] = text_or_null(change.time);
  item["object"] = change.object;
  item["summary"] = change.summary;
  item["details"] = change.details;
  return item;
}

std::string episode_line(const kube::WorkloadChanges& workload) {
  std::string line = "what changed before " + workload.workload +
                     " crashed: " + std::to_string(workload.terminations) +
                     (workload.terminations == 1 ? " termination" : " terminations");
  if (!workload.first_termination.empty()) {
    line += ", the first shown at " + workload.first_termination;
  }
  if (!workload.last_termination.empty() &&
      workload.last_termination != workload.first_termination) {
    line += ", the last at " + workload.last_termination;
  }
  return line + "\n";
}

std::string window_line(const kube::WorkloadChanges& workload) {
  std::string from = workload.window_start.empty()
                         ? "any time"
                         : "after " + workload.window_start + " (the previous revision's creation)";
  return "  window: " + from + " until the first termination shown\n";
}

}  // namespace

ordered_json workload_changes_document(const kube::WorkloadChanges& changes) {
  ordered_json document;
  document["workload"] = changes.workload;
  document["namespace"] = text_or_null(changes.namespace_name);
  document["terminations"] = changes.terminations;
  document["firstTermination"] = text_or_null(changes.first_termination);
  document["lastTermination"] = text_or_null(changes.last_termination);
  document["windowStart"] = text_or_null(changes.window_start);
  document["changes"] = ordered_json::array();
  for (const auto& change : changes.changes) {
    document["changes"].push_back(change_document(change));
  }
  document["notes"] = changes.notes;
  return document;
}

std::string render_workload_changes_text(const std::vector<kube::WorkloadChanges>& workloads) {
  std::string text;
  for (const auto& workload : workloads) {
    // Nothing to say but the count: the table or the reports above already show the
    // terminations, and a workload that never changed needs no section.
    if (workload.changes.empty() && workload.notes.empty()) {
      continue;
    }
    text += "\n" + episode_line(workload);
    if (workload.changes.empty()) {
      text += "  nothing kexit compares changed in the window\n";
    }
    for (const auto& change : workload.changes) {
      text += "  " + change.time + "  " + change.object + "  " + change.summary + "\n";
      for (const auto& detail : change.details) {
        text += "      " + detail + "\n";
      }
    }
    text += window_line(workload);
    for (const auto& note : workload.notes) {
      text += "  note: " + note + "\n";
    }
  }
  return text;
}

}  // namespace kexit::report
