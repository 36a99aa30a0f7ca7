#include "diagnose/resource_context.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/decimal_number.h"
#include "base/text.h"
#include "kube/api_time.h"
#include "kube/memory_quantity.h"

namespace kexit::diagnose {
namespace {

struct FlagMatch {
  std::string whole;
  std::string value;
  std::string unit;
};

// The last match in `text`: a runtime reading a flag twice keeps the later one.
std::optional<FlagMatch> last_match(const RE2& pattern, const std::string& text) {
  const int groups = pattern.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> found(static_cast<std::size_t>(groups));
  const auto& names = pattern.NamedCapturingGroups();
  auto value_index = names.find("value");
  auto unit_index = names.find("unit");
  std::optional<FlagMatch> last;
  std::size_t start = 0;
  while (start <= text.size() &&
         pattern.Match(text, start, text.size(), RE2::UNANCHORED, found.data(), groups)) {
    FlagMatch match;
    match.whole = std::string(trim(std::string(found[0])));
    match.value = std::string(found[static_cast<std::size_t>(value_index->second)]);
    if (unit_index != names.end()) {
      match.unit = std::string(found[static_cast<std::size_t>(unit_index->second)]);
    }
    last = match;
    // Patterns may consume the separator after a flag; step back onto it so a flag that
    // follows still matches.
    std::size_t end = static_cast<std::size_t>(found[0].data() - text.data()) + found[0].size();
    start = std::max(end > 0 && end < text.size() ? end - 1 : end,
                     static_cast<std::size_t>(found[0].data() - text.data()) + 1);
  }
  return last;
}

// Where the flag is set, in the order the runtime reads its sources.
std::optional<std::pair<FlagMatch, std::string>> find_setting(
    const knowledge::CompiledMemoryFlag& flag, const kube::ContainerFacts& container,
    const std::string& command_line) {
  std::optional<std::pair<FlagMatch, std::string>> found;
  for (const auto& source : flag.flag->sources) {
    if (source == "command") {
      if (auto match = last_match(*flag.pattern, command_line)) {
        found = std::pair{*match, match->whole};
      }
      continue;
    }
    auto value = container.env_values.find(source);
    if (value == container.env_values.end()) {
      continue;
    }
    if (auto match = last_match(*flag.pattern, value->second)) {
      std::string setting = match->whole == trim(value->second) ? source + "=" + match->whole
                                                                : match->whole + " in " + source;
      found = std::pair{*match, setting};
    }
  }
  return found;
}

std::string percent_text(double percent) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f%%", percent);
  return text;
}

// Fills bytes, percent, above_limit and text from the match and the limit.
void compare_with_limit(const knowledge::MemoryFlag& flag, const FlagMatch& match,
                        std::optional<long long> limit, const std::string& limit_text,
                        HeapSetting& setting) {
  const std::string head = flag.label + " " + setting.setting;
  if (flag.measure == "percent") {
    auto percent = parse_decimal_prefix(match.value);
    setting.percent_of_limit = percent ? percent->value : 0;
    if (limit) {
      setting.bytes = static_cast<long long>(
          std::floor(static_cast<double>(*limit) * *setting.percent_of_limit / 100));
    }
  } else {
    auto unit = flag.units.find(match.unit);
    long long number = std::strtoll(match.value.c_str(), nullptr, 10);
    if (unit != flag.units.end() && number <= 9'000'000'000'000'000'000LL / unit->second) {
      setting.bytes = number * unit->second;
    }
    if (limit && setting.bytes && *limit > 0) {
      setting.percent_of_limit =
          std::round(static_cast<double>(*setting.bytes) * 100 / static_cast<double>(*limit));
    }
  }
  if (!limit) {
    setting.text = head + (flag.measure == "percent"
                               ? "; with no memory limit it is a share of the node's memory"
                               : "; the container has no memory limit");
    return;
  }
  setting.above_limit = setting.bytes && *setting.bytes > *limit;
  if (*setting.above_limit) {
    setting.text = head + " exceeds the memory limit " + limit_text;
    return;
  }
  if (!setting.bytes || !setting.percent_of_limit) {
    setting.text = head + " beside the memory limit " + limit_text;
    return;
  }
  setting.text =
      head + " is " + percent_text(*setting.percent_of_limit) + " of the " + limit_text + " limit" +
      (flag.measure == "percent" ? " (" + kube::format_memory(*setting.bytes) + ")" : "") +
      ", leaving " + kube::format_memory(*limit - *setting.bytes) + " for " + flag.rest;
}

std::vector<HeapSetting> heap_settings(const kube::ContainerFacts& container,
                                       const knowledge::CompiledKnowledge& knowledge) {
  std::string command_line = join(container.command, " ");
  if (!container.args.empty()) {
    command_line += (command_line.empty() ? "" : " ") + join(container.args, " ");
  }
  const auto limit = kube::parse_memory_quantity(container.memory_limit);
  std::vector<std::pair<const knowledge::CompiledMemoryFlag*, FlagMatch>> found;
  std::vector<HeapSetting> settings;
  for (const auto& flag : knowledge.memory_flags()) {
    if (!flag.pattern) {
      continue;
    }
    auto match = find_setting(flag, container, command_line);
    if (!match) {
      continue;
    }
    HeapSetting setting;
    setting.flag_id = flag.flag->id;
    setting.runtime = flag.flag->runtime;
    setting.setting = match->second;
    compare_with_limit(*flag.flag, match->first, limit, container.memory_limit, setting);
    settings.push_back(std::move(setting));
  }
  // A flag the runtime ignores when another is set (MaxRAMPercentage beside -Xmx) goes.
  std::vector<HeapSetting> kept;
  for (const auto& setting : settings) {
    const auto& flags = knowledge.memory_flags();
    auto flag = std::find_if(flags.begin(), flags.end(),
                             [&](const auto& f) { return f.flag->id == setting.flag_id; });
    bool ignored = std::any_of(
        flag->flag->ignored_with.begin(), flag->flag->ignored_with.end(), [&](const auto& id) {
          return std::any_of(settings.begin(), settings.end(),
                             [&](const HeapSetting& other) { return other.flag_id == id; });
        });
    if (!ignored) {
      kept.push_back(setting);
    }
  }
  return kept;
}

std::optional<ProbeTiming> probe_timing(const char* kind,
                                        const std::optional<kube::ProbeFacts>& probe,
                                        const kube::ContainerFacts& container) {
  if (!probe) {
    return std::nullopt;
  }
  ProbeTiming timing;
  timing.probe = kind;
  timing.period_seconds = probe->period_seconds;
  timing.timeout_seconds = probe->timeout_seconds;
  timing.failure_threshold = probe->failure_threshold;
  timing.initial_delay_seconds = probe->initial_delay_seconds;
  auto started = kube::parse_api_time(container.termination.started_at);
  auto finished = kube::parse_api_time(container.termination.finished_at);
  if (started && finished && *finished >= *started) {
    timing.ran_seconds =
        std::chrono::duration_cast<std::chrono::seconds>(*finished - *started).count();
  }
  timing.text = timing.probe + ": restarts it after " + std::to_string(timing.failure_threshold) +
                " failures \u00d7 " + std::to_string(timing.period_seconds) + " s (timeout " +
                std::to_string(timing.timeout_seconds) + " s); ";
  timing.text += timing.ran_seconds
                     ? "the container ran " + std::to_string(*timing.ran_seconds) + " s"
                     : std::string("how long the container ran is unknown");
  timing.text += ", initialDelaySeconds " + std::to_string(timing.initial_delay_seconds);
  // The first probe runs after initialDelaySeconds and the kill needs failureThreshold failures
  // a period apart: a shorter run cannot have been ended by this probe.
  const long long earliest =
      timing.initial_delay_seconds +
      static_cast<long long>(std::max(0, timing.failure_threshold - 1)) * timing.period_seconds;
  if (timing.ran_seconds && *timing.ran_seconds < earliest) {
    timing.text +=
        "; shorter than the " + std::to_string(earliest) + " s this probe needs to kill it";
  }
  return timing;
}

}  // namespace

bool ResourceContext::heap_above_limit() const {
  return std::any_of(heap.begin(), heap.end(), [](const HeapSetting& setting) {
    return setting.above_limit.value_or(false);
  });
}

ResourceContext resource_context(const kube::ContainerFacts& container,
                                 const knowledge::CompiledKnowledge& knowledge) {
  ResourceContext context;
  context.memory_limit = container.memory_limit;
  context.memory_request = container.memory_request;
  context.heap = heap_settings(container, knowledge);
  if (container.outcome == kube::ContainerOutcome::kTerminated) {
    for (auto timing : {probe_timing("liveness", container.liveness_probe, container),
                        probe_timing("startup", container.startup_probe, container)}) {
      if (timing) {
        context.probes.push_back(std::move(*timing));
      }
    }
  }
  return context;
}

}  // namespace kexit::diagnose
