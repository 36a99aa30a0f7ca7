#pragma once
// Offline input for `kexit inspect --file POD --logs CONTAINER=FILE`: pods from a file (or
// standard input) and log files assigned to their terminated containers.

#include <cstddef>
#include <string>
#include <vector>

#include "base/expected.h"
#include "kube/cluster_collection.h"

namespace kexit::cli {

// `--logs NAME=FILE`, or `--logs FILE` for the only terminated container.
struct LogFileSpec {
  std::string container;
  std::string path;
};

LogFileSpec parse_log_file_spec(const std::string& text);

struct OfflinePods {
  // The pods that may have something to diagnose, with their logs.
  std::vector<kube::CollectedPod> pods;
  // Every pod the files held, those left out as settled included.
  std::size_t pods_read = 0;
};

// Pods from every file (JSON or YAML objects and Lists, or describe text), with the Events of
// all files attached to the pods they are about; or, from a directory `inspect --save` wrote
// (alone, without --logs), the pods, Events, notes and logs of that inspection.
Expected<OfflinePods> collect_from_files(const std::vector<std::string>& files,
                                         const std::vector<LogFileSpec>& logs,
                                         std::size_t max_log_bytes);

}  // namespace kexit::cli
