#include "knowledge/knowledge_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <set>
#include <tuple>

#include "base/file_reading.h"
#include "base/structured_text.h"
#include "base/text.h"
#include "base/yaml_bounds.h"
#include "knowledge/embedded_knowledge.h"

namespace kexit::knowledge {
namespace {

// Reads one YAML mapping with yaml-cpp (whose exceptions stop here), recording errors with
// "file:line" and rejecting keys it does not know, so a typo never disables a condition.
class YamlBlock {
 public:
  YamlBlock(const YAML::Node& node, const std::string& file, std::vector<Error>& errors)
      : node_(node), file_(file), errors_(errors) {}

  std::string where(const YAML::Node& node) const {
    return file_ + ":" + std::to_string(node.Mark().line + 1);
  }
  std::string where() const { return where(node_); }
  void error(const YAML::Node& node, const std::string& message) const {
    errors_.push_back(Error{message, where(node)});
  }

  bool is_map() const {
    if (!node_.IsMap()) {
      error(node_, "expected a mapping; see knowledge/README.md");
      return false;
    }
    return true;
  }

  // Reports keys not in `allowed`.
  void allow_only(std::initializer_list<const char*> allowed) const {
    allow_only(std::vector<const char*>(allowed));
  }
  void allow_only(const std::vector<const char*>& allowed) const {
    for (const auto& entry : node_) {
      const std::string key = entry.first.as<std::string>();
      bool known = std::any_of(allowed.begin(), allowed.end(),
                               [&](const char* name) { return key == name; });
      if (!known) {
        error(entry.first, "unknown key \"" + key + "\"; see knowledge/README.md for the schema");
      }
    }
  }

  bool has(const char* key) const { return node_[key].IsDefined() && !node_[key].IsNull(); }
  YAML::Node child(const char* key) const { return node_[key]; }

  std::string text(const char* key, bool required = false) const {
    YAML::Node value = node_[key];
    if (!value.IsDefined() || value.IsNull()) {
      if (required) {
        error(node_, std::string("missing \"") + key + "\"; see knowledge/README.md");
      }
      return "";
    }
    if (!value.IsScalar()) {
      error(value, std::string("\"") + key + "\" must be text");
      return "";
    }
    return value.Scalar();
  }

  std::optional<std::string> optional_text(const char* key) const {
    if (!has(key)) {
      return std::nullopt;
    }
    return text(key);
  }

  std::optional<double> number(const char* key, bool required = false) const {
    if (!has(key)) {
      if (required) {
        error(node_, std::string("missing \"") + key + "\"; see knowledge/README.md");
      }
      return std::nullopt;
    }
    YAML::Node value = node_[key];
    try {
      return value.as<double>();
    } catch (const YAML::Exception&) {
      error(value, std::string("\"") + key + "\" must be a number, got \"" +
                       (value.IsScalar() ? value.Scalar() : std::string("a collection")) + "\"");
      return std::nullopt;
    }
  }

  std::optional<long long> integer(const char* key, bool required = false) const {
    std::optional<double> value = number(key, required);
    if (!value) {
      return std::nullopt;
    }
    long long whole = 0;
    if (!parse_int(node_[key].Scalar(), whole)) {
      error(node_[key], std::string("\"") + key + "\" must be a whole number");
      return std::nullopt;
    }
    return whole;
  }

  std::optional<bool> boolean(const char* key) const {
    if (!has(key)) {
      return std::nullopt;
    }
    try {
      return node_[key].as<bool>();
    } catch (const YAML::Exception&) {
      error(node_[key], std::string("\"") + key + "\" must be true or false");
      return std::nullopt;
    }
  }

  // A list of scalars; a single scalar counts as a list of one.
  std::vector<std::string> texts(const char* key) const {
    std::vector<std::string> items;
    if (!has(key)) {
      return items;
    }
    YAML::Node value = node_[key];
    if (value.IsScalar()) {
      items.push_back(value.Scalar());
      return items;
    }
    if (!value.IsSequence()) {
      error(value, std::string("\"") + key + "\" must be a list");
      return items;
    }
    for (const auto& item : value) {
      if (!item.IsScalar()) {
        error(item, std::string("items of \"") + key + "\" must be text");
        continue;
      }
      items.push_back(item.Scalar());
    }
    return items;
  }

  std::vector<int> integers(const char* key) const {
    std::vector<int> numbers;
    for (const auto& item : texts(key)) {
      long long value = 0;
      if (!parse_int(item, value)) {
        error(node_[key],
              std::string("items of \"") + key + "\" must be whole numbers, got \"" + item + "\"");
        continue;
      }
      numbers.push_back(static_cast<int>(value));
    }
    return numbers;
  }

  std::map<std::string, std::string> text_map(const char* key) const {
    std::map<std::string, std::string> entries;
    if (!has(key)) {
      return entries;
    }
    YAML::Node value = node_[key];
    if (!value.IsMap()) {
      error(value, std::string("\"") + key + "\" must be a mapping of name to pattern");
      return entries;
    }
    for (const auto& entry : value) {
      if (!entry.second.IsScalar() && !entry.second.IsNull()) {
        error(entry.second, std::string("values of \"") + key + "\" must be patterns");
        continue;
      }
      entries[entry.first.as<std::string>()] =
          entry.second.IsNull() ? std::string() : entry.second.Scalar();
    }
    return entries;
  }

  // A next step: text alone (prose), or a mapping of text, command and comment.
  NextStep step(const YAML::Node& value, const std::string& key) const {
    NextStep step;
    if (value.IsScalar()) {
      step.text = value.Scalar();
      // Prose is wrapped to the terminal, which would break a command in two.
      if (step.text.starts_with("kubectl ")) {
        error(value, "\"" + key + "\" gives a command as prose; write it as {command: '...'} " +
                         "so it is printed whole; see knowledge/README.md");
      }
      return step;
    }
    if (!value.IsMap()) {
      error(value, "\"" + key + "\" must be text or a mapping of text, command and comment");
      return step;
    }
    YamlBlock block(value, file_, errors_);
    block.allow_only({"text", "command", "comment"});
    step.text = block.text("text");
    step.command = block.text("command");
    step.comment = block.text("comment");
    if (step.text.empty() && step.command.empty()) {
      error(value, "\"" + key + "\" needs \"text\" or \"command\"; see knowledge/README.md");
    }
    return step;
  }

  // A list of next steps; a single one counts as a list of one.
  std::vector<NextStep> steps(const char* key) const {
    std::vector<NextStep> items;
    if (!has(key)) {
      return items;
    }
    YAML::Node value = node_[key];
    if (!value.IsSequence()) {
      items.push_back(step(value, key));
      return items;
    }
    for (const auto& item : value) {
      items.push_back(step(item, key));
    }
    return items;
  }

  NextStep optional_step(const char* key) const {
    return has(key) ? step(node_[key], key) : NextStep{};
  }

  const std::string& file() const { return file_; }
  std::vector<Error>& errors() const { return errors_; }

 private:
  YAML::Node node_;
  const std::string& file_;
  std::vector<Error>& errors_;
};

// Where a condition block stands: a boost also takes its weight and what to say when absent.
enum class WeightKey { kAllowed, kRejected };

std::vector<const char*> condition_keys(WeightKey weight_key) {
  std::vector<const char*> keys = {"exit_code",
                                   "signal",
                                   "reason",
                                   "pod_reason",
                                   "waiting_reason",
                                   "container_type",
                                   "outcome",
                                   "container_name",
                                   "image",
                                   "command",
                                   "message",
                                   "labels",
                                   "env",
                                   "liveness_probe",
                                   "memory_limit",
                                   "heap_above_limit",
                                   "neighbour_started_later",
                                   "stopped_after_app",
                                   "declared_exit_code",
                                   "restart_count_min",
                                   "pod_condition",
                                   "event",
                                   "log",
                                   "log_all"};
  if (weight_key == WeightKey::kAllowed) {
    keys.insert(keys.end(), {"weight", "if_absent"});
  }
  return keys;
}

EventCondition read_event_condition(const YAML::Node& node, const std::string& file,
                                    std::vector<Error>& errors) {
  YamlBlock block(node, file, errors);
  EventCondition event;
  event.where = block.where();
  if (!block.is_map()) {
    return event;
  }
  block.allow_only({"reason", "message", "source", "scope"});
  event.reasons = block.texts("reason");
  event.message = block.optional_text("message");
  event.source = block.optional_text("source");
  std::string scope = block.text("scope");
  if (scope != "" && scope != "pod" && scope != "node") {
    block.error(block.child("scope"), "unknown scope \"" + scope + "\"; use pod or node");
  }
  event.node = scope == "node";
  if (std::any_of(event.reasons.begin(), event.reasons.end(),
                  [](const std::string& reason) { return reason.empty(); })) {
    block.error(block.child("reason"),
                "an empty reason never matches an Event; name it (Killing, BackOff) or leave "
                "\"reason\" out");
  } else if (event.reasons.empty() && !event.message) {
    block.error(node, "an event condition needs a reason or a message");
  }
  return event;
}

// `event:` is one condition block or a list of them, all of which must hold. Its problems name
// `owner` ("rule ID, when"): a rule's Event conditions are new, and a typo in one would
// otherwise point only at a line.
std::vector<EventCondition> read_event_conditions(const YamlBlock& block, const std::string& file,
                                                  const std::string& owner,
                                                  std::vector<Error>& errors) {
  std::vector<EventCondition> events;
  if (!block.has("event")) {
    return events;
  }
  std::vector<Error> problems;
  YAML::Node node = block.child("event");
  if (!node.IsSequence()) {
    events.push_back(read_event_condition(node, file, problems));
  } else {
    for (const auto& entry : node) {
      events.push_back(read_event_condition(entry, file, problems));
    }
  }
  for (Error& problem : problems) {
    problem.message = owner + ".event: " + problem.message;
    errors.push_back(std::move(problem));
  }
  return events;
}

// `owner_where` locates a missing or empty block (an absent `when` always holds).
// `owner` names the block in messages: "rule ID, when".
ConditionSet read_conditions(const YAML::Node& node, const std::string& file,
                             const std::string& owner_where, const std::string& owner,
                             WeightKey weight_key, std::vector<Error>& errors) {
  ConditionSet conditions;
  conditions.where = owner_where;
  if (!node.IsDefined() || node.IsNull()) {
    return conditions;
  }
  YamlBlock block(node, file, errors);
  conditions.where = block.where();
  if (!block.is_map()) {
    return conditions;
  }
  block.allow_only(condition_keys(weight_key));
  conditions.exit_codes = block.integers("exit_code");
  conditions.signals = block.texts("signal");
  conditions.reasons = block.texts("reason");
  conditions.pod_reasons = block.texts("pod_reason");
  conditions.waiting_reasons = block.texts("waiting_reason");
  for (const auto& type : block.texts("container_type")) {
    if (type == "regular") {
      conditions.container_types.push_back(kube::ContainerKind::kRegular);
    } else if (type == "init") {
      conditions.container_types.push_back(kube::ContainerKind::kInit);
    } else if (type == "sidecar") {
      conditions.container_types.push_back(kube::ContainerKind::kSidecar);
    } else if (type == "ephemeral") {
      conditions.container_types.push_back(kube::ContainerKind::kEphemeral);
    } else {
      block.error(block.child("container_type"), "unknown container_type \"" + type +
                                                     "\"; use regular, init, sidecar or ephemeral");
    }
  }
  for (const auto& outcome : block.texts("outcome")) {
    auto known = {kube::ContainerOutcome::kTerminated, kube::ContainerOutcome::kNeverStarted,
                  kube::ContainerOutcome::kPodFailed};
    auto found = std::find_if(known.begin(), known.end(),
                              [&](auto value) { return outcome == kube::to_string(value); });
    if (found == known.end()) {
      block.error(block.child("outcome"), "unknown outcome \"" + outcome +
                                              "\"; use terminated, never-started or pod-failed");
    } else {
      conditions.outcomes.push_back(*found);
    }
  }
  conditions.container_name = block.optional_text("container_name");
  conditions.image = block.optional_text("image");
  conditions.command = block.optional_text("command");
  conditions.message = block.optional_text("message");
  conditions.labels = block.text_map("labels");
  conditions.env = block.text_map("env");
  conditions.liveness_probe = block.boolean("liveness_probe");
  conditions.memory_limit = block.boolean("memory_limit");
  conditions.heap_above_limit = block.boolean("heap_above_limit");
  conditions.neighbour_started_later = block.boolean("neighbour_started_later");
  conditions.stopped_after_app = block.boolean("stopped_after_app");
  conditions.declared_exit_code = block.boolean("declared_exit_code");
  if (auto count = block.integer("restart_count_min")) {
    conditions.restart_count_min = static_cast<int>(*count);
  }
  conditions.pod_condition = block.optional_text("pod_condition");
  conditions.events = read_event_conditions(block, file, owner, errors);
  conditions.log_any = block.texts("log");
  conditions.log_all = block.texts("log_all");
  return conditions;
}

void read_rule(const YAML::Node& node, const std::string& file, std::vector<Error>& errors,
               KnowledgeSet& set) {
  YamlBlock block(node, file, errors);
  if (!block.is_map()) {
    return;
  }
  block.allow_only({"id", "cause", "title", "weight", "when", "unless", "boost", "context_lines",
                    "explanation", "suggestions", "fix", "references"});
  Rule rule;
  rule.where = block.where();
  rule.id = block.text("id", true);
  rule.cause = block.text("cause", true);
  rule.title = block.text("title", true);
  rule.weight = block.number("weight", true).value_or(0);
  rule.context_lines = static_cast<int>(block.integer("context_lines").value_or(0));
  rule.explanation = block.text("explanation", true);
  rule.suggestions = block.steps("suggestions");
  rule.fix = block.text("fix");
  rule.references = block.texts("references");
  const std::string owner = "rule " + rule.id;
  rule.when = read_conditions(block.child("when"), file, rule.where, owner + ", when",
                              WeightKey::kRejected, errors);
  if (block.has("unless")) {
    if (!block.child("unless").IsSequence()) {
      block.error(block.child("unless"), "\"unless\" must be a list of condition blocks");
    } else {
      for (const auto& entry : block.child("unless")) {
        rule.unless.push_back(read_conditions(entry, file, rule.where, owner + ", unless",
                                              WeightKey::kRejected, errors));
      }
    }
  }
  if (block.has("boost")) {
    if (!block.child("boost").IsSequence()) {
      block.error(block.child("boost"),
                  "\"boost\" must be a list of condition blocks with weights");
    } else {
      for (const auto& entry : block.child("boost")) {
        YamlBlock boost_block(entry, file, errors);
        Boost boost;
        boost.conditions = read_conditions(entry, file, rule.where, owner + ", boost",
                                           WeightKey::kAllowed, errors);
        boost.weight = boost_block.number("weight", true).value_or(0);
        boost.if_absent = boost_block.text("if_absent");
        rule.boosts.push_back(std::move(boost));
      }
    }
  }
  set.rules.push_back(std::move(rule));
}

void read_note(const YAML::Node& node, const std::string& file, std::vector<Error>& errors,
               KnowledgeSet& set) {
  YamlBlock block(node, file, errors);
  if (!block.is_map()) {
    return;
  }
  block.allow_only({"id", "title", "when", "explanation", "references"});
  NoteRule note;
  note.where = block.where();
  note.id = block.text("id", true);
  note.title = block.text("title", true);
  note.explanation = block.text("explanation", true);
  note.references = block.texts("references");
  note.when = read_conditions(block.child("when"), file, note.where, "note " + note.id + ", when",
                              WeightKey::kRejected, errors);
  set.notes.push_back(std::move(note));
}

void read_meaning(const YAML::Node& node, const std::string& file, std::vector<Error>& errors,
                  KnowledgeSet& set) {
  YamlBlock block(node, file, errors);
  if (!block.is_map()) {
    return;
  }
  block.allow_only({"code", "origin", "source", "summary", "cause", "runtimes", "image",
                    "tell_apart", "check_first", "references"});
  Meaning meaning;
  meaning.where = block.where();
  meaning.code = block.integer("code", true).value_or(0);
  meaning.origin = block.text("origin", true);
  meaning.source = block.text("source", true);
  meaning.summary = block.text("summary", true);
  meaning.cause = block.text("cause");
  meaning.runtimes = block.texts("runtimes");
  meaning.image = block.optional_text("image");
  meaning.tell_apart = block.text("tell_apart", true);
  meaning.check_first = block.optional_step("check_first");
  meaning.references = block.texts("references");
  set.meanings.push_back(std::move(meaning));
}

void read_secret(const YAML::Node& node, const std::string& file, std::vector<Error>& errors,
                 KnowledgeSet& set) {
  YamlBlock block(node, file, errors);
  if (!block.is_map()) {
    return;
  }
  block.allow_only({"id", "provider", "pattern", "unless_value", "replacement", "references",
                    "examples", "not_examples"});
  SecretShape shape;
  shape.where = block.where();
  shape.id = block.text("id", true);
  shape.provider = block.text("provider", true);
  shape.pattern = block.text("pattern", true);
  shape.unless_value = block.texts("unless_value");
  if (auto replacement = block.optional_text("replacement")) {
    shape.replacement = *replacement;
  }
  shape.references = block.texts("references");
  shape.examples = block.texts("examples");
  shape.not_examples = block.texts("not_examples");
  set.secrets.push_back(std::move(shape));
}

// `units:` maps a unit as written to its multiplier to bytes.
std::map<std::string, long long> read_units(const YamlBlock& block) {
  std::map<std::string, long long> units;
  for (const auto& [unit, text] : block.text_map("units")) {
    long long multiplier = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), multiplier);
    if (error != std::errc() || end != text.data() + text.size() || multiplier <= 0) {
      block.error(block.child("units"), "unit \"" + unit +
                                            "\" needs a positive whole number of "
                                            "bytes, got \"" +
                                            text + "\"");
      continue;
    }
    units[unit] = multiplier;
  }
  return units;
}

void read_memory_flag(const YAML::Node& node, const std::string& file, std::vector<Error>& errors,
                      KnowledgeSet& set) {
  YamlBlock block(node, file, errors);
  if (!block.is_map()) {
    return;
  }
  block.allow_only({"id", "runtime", "label", "rest", "measure", "sources", "pattern", "units",
                    "ignored_with", "references"});
  MemoryFlag flag;
  flag.where = block.where();
  flag.id = block.text("id", true);
  flag.runtime = block.text("runtime", true);
  flag.label = block.text("label", true);
  flag.rest = block.text("rest", true);
  flag.measure = block.text("measure", true);
  flag.sources = block.texts("sources");
  flag.pattern = block.text("pattern", true);
  flag.units = read_units(block);
  flag.ignored_with = block.texts("ignored_with");
  flag.references = block.texts("references");
  set.memory_flags.push_back(std::move(flag));
}

void read_cause(const YAML::Node& node, const std::string& file, std::vector<Error>& errors,
                KnowledgeSet& set) {
  YamlBlock block(node, file, errors);
  if (!block.is_map()) {
    return;
  }
  block.allow_only({"slug", "definition", "event_reason", "event_type"});
  CauseDefinition cause;
  cause.where = block.where();
  cause.slug = block.text("slug", true);
  cause.definition = block.text("definition", true);
  cause.event_reason = block.text("event_reason", true);
  cause.event_type = block.text("event_type", true);
  set.causes.push_back(std::move(cause));
}

void read_signal(const YAML::Node& node, const std::string& file, std::vector<Error>& errors,
                 KnowledgeSet& set) {
  YamlBlock block(node, file, errors);
  if (!block.is_map()) {
    return;
  }
  block.allow_only({"number", "name", "summary", "usual_senders"});
  SignalDefinition signal;
  signal.where = block.where();
  signal.number = static_cast<int>(block.integer("number", true).value_or(0));
  signal.name = block.text("name", true);
  signal.summary = block.text("summary", true);
  signal.usual_senders = block.text("usual_senders");
  set.signals.push_back(std::move(signal));
}

// One `causes:` entry of a base rate.
BaseRateCause read_base_rate_cause(const YAML::Node& node, const std::string& file,
                                   std::vector<Error>& errors) {
  YamlBlock block(node, file, errors);
  BaseRateCause cause;
  cause.where = block.where();
  if (!block.is_map()) {
    return cause;
  }
  block.allow_only({"cause", "label", "share"});
  cause.cause = block.text("cause", true);
  cause.label = block.text("label", true);
  cause.share = block.number("share", true).value_or(0);
  if (block.has("share") && (cause.share <= 0 || cause.share > 1)) {
    block.error(block.child("share"),
                "\"share\" must be above 0 and at most 1, got " + block.child("share").Scalar());
  }
  return cause;
}

// Shares are what the report prints as "most often ... also possible ...": ordered, and
// together at most the whole.
void check_shares(const BaseRate& rate, std::vector<Error>& errors) {
  double total = 0;
  for (std::size_t i = 0; i < rate.causes.size(); ++i) {
    total += rate.causes[i].share;
    if (i > 0 && rate.causes[i].share > rate.causes[i - 1].share) {
      errors.push_back(Error{"causes must be ordered most often first: \"" + rate.causes[i].cause +
                                 "\" has a larger share than \"" + rate.causes[i - 1].cause +
                                 "\" before it",
                             rate.causes[i].where});
    }
  }
  if (total > 1.0 + 1e-9) {
    errors.push_back(
        Error{"the shares of \"causes\" add up to more than 1; give each cause its "
              "part of the whole",
              rate.where});
  }
}

void read_base_rate(const YAML::Node& node, const std::string& file, std::vector<Error>& errors,
                    KnowledgeSet& set) {
  YamlBlock block(node, file, errors);
  if (!block.is_map()) {
    return;
  }
  block.allow_only({"id", "exit_code", "reason", "log", "runtime", "title", "causes", "source",
                    "explanation", "suggestions", "references"});
  BaseRate rate;
  rate.where = block.where();
  rate.id = block.text("id", true);
  rate.exit_code = static_cast<int>(block.integer("exit_code", true).value_or(0));
  // No reason is a value of its own (Docker's "Exited (137)"), so it is written out.
  if (!block.child("reason").IsDefined()) {
    block.error(node, "missing \"reason\"; write reason: '' for a termination without one");
  }
  rate.reason = block.text("reason");
  const std::string log = block.text("log");
  if (!log.empty() && log != "any" && log != "absent") {
    block.error(block.child("log"), "\"log\" must be any or absent, got \"" + log + "\"");
  }
  rate.without_log = log == "absent";
  rate.runtime = block.text("runtime");
  rate.title = block.text("title", true);
  rate.source = block.text("source", true);
  rate.explanation = block.text("explanation", true);
  rate.suggestions = block.steps("suggestions");
  rate.references = block.texts("references");
  if (!block.child("causes").IsSequence() || block.child("causes").size() == 0) {
    block.error(node, "\"causes\" must be a list of at least one {cause, label, share}");
  } else {
    for (const auto& entry : block.child("causes")) {
      rate.causes.push_back(read_base_rate_cause(entry, file, errors));
    }
  }
  check_shares(rate, errors);
  set.base_rates.push_back(std::move(rate));
}

void read_runtime(const YAML::Node& node, const std::string& file, std::vector<Error>& errors,
                  KnowledgeSet& set) {
  YamlBlock block(node, file, errors);
  if (!block.is_map()) {
    return;
  }
  block.allow_only({"name", "image", "command", "references"});
  RuntimeSignature runtime;
  runtime.where = block.where();
  runtime.name = block.text("name", true);
  runtime.image = block.text("image");
  runtime.command = block.text("command");
  runtime.references = block.texts("references");
  if (runtime.image.empty() && runtime.command.empty()) {
    block.error(node, "a runtime needs an image or a command pattern, the way kexit tells it");
  }
  set.runtimes.push_back(std::move(runtime));
}

SeenReport read_seen_report(const YAML::Node& node, const std::string& file,
                            std::vector<Error>& errors) {
  YamlBlock block(node, file, errors);
  SeenReport report;
  if (block.is_map()) {
    block.allow_only({"url", "title"});
    report.url = block.text("url", true);
    report.title = block.text("title");
  }
  return report;
}

void read_seen_in(const YAML::Node& node, const std::string& file, std::vector<Error>& errors,
                  KnowledgeSet& set) {
  YamlBlock block(node, file, errors);
  if (!block.is_map()) {
    return;
  }
  block.allow_only({"rule", "reports"});
  SeenIn seen;
  seen.where = block.where();
  seen.rule = block.text("rule", true);
  if (!block.child("reports").IsSequence() || block.child("reports").size() == 0) {
    block.error(node, "\"reports\" must be a list of at least one {url, title}");
  } else {
    for (const auto& entry : block.child("reports")) {
      seen.reports.push_back(read_seen_report(entry, file, errors));
    }
  }
  set.seen_in.push_back(std::move(seen));
}

void read_case(const YAML::Node& root, const KnowledgeFile& file, std::vector<Error>& errors,
               KnowledgeSet& set) {
  YamlBlock block(root, file.path, errors);
  if (!block.is_map()) {
    return;
  }
  block.allow_only({"description", "container", "expect", "pod", "logs", "events"});
  GoldenCase golden;
  golden.where = file.path;
  golden.description = block.text("description", true);
  golden.container = block.text("container");
  YamlBlock expect(block.child("expect"), file.path, errors);
  if (!block.has("expect") || !expect.is_map()) {
    return;
  }
  expect.allow_only({"cause", "not_cause", "rule", "not_rule"});
  golden.expect_cause = expect.text("cause", true);
  golden.expect_not_cause = expect.text("not_cause");
  golden.expect_rule = expect.text("rule");
  golden.expect_not_rule = expect.text("not_rule");
  if (!block.has("pod")) {
    block.error(root, "missing \"pod\": a case needs the Pod as kubectl prints it");
    return;
  }
  // The same YAML typing as `kexit inspect --file` (quoted "8080" stays a string), and the
  // same pod parser later, so cases test the parser too.
  if (!block.child("pod").IsMap()) {
    block.error(block.child("pod"), "\"pod\" must be one Pod object");
    return;
  }
  golden.pod = yaml_to_json(block.child("pod"));
  golden.logs = block.text_map("logs");
  if (block.has("events")) {
    if (!block.child("events").IsSequence()) {
      block.error(block.child("events"), "\"events\" must be a list of Event objects");
    } else {
      for (const auto& event : block.child("events")) {
        golden.events.push_back(yaml_to_json(event));
      }
    }
  }
  set.cases.push_back(std::move(golden));
}

bool is_case_file(const std::string& path) {
  for (auto part : split(path, '/')) {
    if (part == "cases") {
      return true;
    }
  }
  return false;
}

template <typename Entry, typename Key>
void report_duplicates(const std::vector<Entry>& entries, Key key, const char* what,
                       std::vector<Error>& errors) {
  std::map<std::string, std::string> seen;
  for (const auto& entry : entries) {
    std::string name = key(entry);
    if (name.empty()) {
      continue;
    }
    auto [it, inserted] = seen.emplace(name, entry.where);
    if (!inserted) {
      errors.push_back(Error{std::string("duplicate ") + what + " \"" + name +
                                 "\", first defined at " + it->second + "; rename one",
                             entry.where});
    }
  }
}

// Two base rates for the same termination would make the report's "most often" depend on
// file order.
void report_same_terminations(const std::vector<BaseRate>& rates, std::vector<Error>& errors) {
  std::map<std::tuple<int, std::string, bool, std::string>, std::string> seen;
  for (const auto& rate : rates) {
    auto [it, inserted] = seen.emplace(
        std::make_tuple(rate.exit_code, rate.reason, rate.without_log, rate.runtime), rate.where);
    if (!inserted) {
      errors.push_back(Error{"base rate \"" + rate.id + "\" is for the same exit code " +
                                 std::to_string(rate.exit_code) + ", reason \"" + rate.reason +
                                 "\", log and runtime as the one at " + it->second + "; merge them",
                             rate.where});
    }
  }
}

// Entries of one kind that share their key, across every file loaded together.
void report_duplicate_entries(const KnowledgeSet& set, std::vector<Error>& errors) {
  report_duplicates(
      set.rules, [](const Rule& r) { return r.id; }, "rule id", errors);
  report_duplicates(
      set.notes, [](const NoteRule& n) { return n.id; }, "note id", errors);
  report_duplicates(
      set.causes, [](const CauseDefinition& c) { return c.slug; }, "cause", errors);
  report_duplicates(
      set.secrets, [](const SecretShape& s) { return s.id; }, "secret id", errors);
  report_duplicates(
      set.memory_flags, [](const MemoryFlag& f) { return f.id; }, "memory flag id", errors);
  report_duplicates(
      set.base_rates, [](const BaseRate& b) { return b.id; }, "base rate id", errors);
  report_same_terminations(set.base_rates, errors);
  report_duplicates(
      set.signals, [](const SignalDefinition& s) { return std::to_string(s.number); },
      "signal number", errors);
}

template <typename Entry, typename Key>
void merge_by_key(std::vector<Entry>& base, std::vector<Entry>&& extra, Key key) {
  for (auto& entry : extra) {
    auto same = std::find_if(base.begin(), base.end(),
                             [&](const Entry& existing) { return key(existing) == key(entry); });
    if (same != base.end()) {
      *same = std::move(entry);
    } else {
      base.push_back(std::move(entry));
    }
  }
}

}  // namespace

std::vector<KnowledgeFile> embedded_files() {
  std::vector<KnowledgeFile> files;
  for (const auto& file : embedded_knowledge_files()) {
    files.push_back({std::string(file.path), std::string(file.content), FileOrigin::kBuiltIn});
  }
  return files;
}

Expected<std::vector<KnowledgeFile>> files_in_directory(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code code;
  if (!fs::is_directory(directory, code)) {
    return Error{"not a directory; pass a directory of knowledge *.yaml files", directory};
  }
  std::vector<std::string> paths;
  for (fs::recursive_directory_iterator it(directory, code), end; it != end && !code;
       it.increment(code)) {
    // Hidden entries are skipped: a ConfigMap volume keeps each file twice, in the kubelet's
    // "..2024_01_01_..." directory (behind the "..data" link) and as a top-level link to it.
    // Reading the links alone reads each key once.
    if (it->path().filename().string().front() == '.') {
      if (it->is_directory()) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (it->is_regular_file() && it->path().extension() == ".yaml") {
      paths.push_back(it->path().string());
    }
  }
  if (code) {
    return Error{"cannot list directory: " + code.message(), directory};
  }
  std::sort(paths.begin(), paths.end());
  std::vector<KnowledgeFile> files;
  for (const auto& path : paths) {
    KEXIT_ASSIGN(text, read_file(path));
    files.push_back({path, std::move(text)});
  }
  return files;
}

LoadResult load_knowledge_files(const std::vector<KnowledgeFile>& files) {
  LoadResult result;
  auto& errors = result.errors;
  for (const auto& file : files) {
    // Bounded first: yaml-cpp recurses per level and builds every alias it meets.
    if (file.origin == FileOrigin::kUser) {
      if (auto bounded = check_yaml_bounds(file.text, file.path); !bounded) {
        errors.push_back(bounded.error());
        continue;
      }
    }
    YAML::Node root;
    try {
      root = YAML::Load(file.text);
    } catch (const YAML::Exception& error) {
      errors.push_back(Error{"invalid YAML: " + error.msg + "; fix the indentation or quoting",
                             file.path + ":" + std::to_string(error.mark.line + 1)});
      continue;
    }
    if (root.IsNull()) {
      continue;
    }
    try {
      if (is_case_file(file.path)) {
        read_case(root, file, errors, result.set);
        continue;
      }
      YamlBlock block(root, file.path, errors);
      if (!block.is_map()) {
        continue;
      }
      block.allow_only({"causes", "signals", "rules", "notes", "meanings", "secrets",
                        "memory_flags", "base_rates", "runtimes", "seen_in"});
      auto read_list = [&](const char* key, auto reader) {
        YAML::Node list = root[key];
        if (!list.IsDefined() || list.IsNull()) {
          return;
        }
        if (!list.IsSequence()) {
          block.error(list, std::string("\"") + key + "\" must be a list");
          return;
        }
        for (const auto& entry : list) {
          reader(entry, file.path, errors, result.set);
        }
      };
      read_list("causes", read_cause);
      read_list("signals", read_signal);
      read_list("rules", read_rule);
      read_list("notes", read_note);
      read_list("meanings", read_meaning);
      read_list("secrets", read_secret);
      read_list("memory_flags", read_memory_flag);
      read_list("base_rates", read_base_rate);
      read_list("runtimes", read_runtime);
      read_list("seen_in", read_seen_in);
    } catch (const YAML::Exception& error) {
      // yaml-cpp throws on conversions we did not foresee; keep the location it knows.
      errors.push_back(Error{"unreadable entry: " + error.msg + "; see knowledge/README.md",
                             file.path + ":" + std::to_string(error.mark.line + 1)});
    }
  }
  report_duplicate_entries(result.set, errors);
  return result;
}

void merge_overriding(KnowledgeSet& base, KnowledgeSet extra) {
  merge_by_key(base.causes, std::move(extra.causes), [](const auto& c) { return c.slug; });
  merge_by_key(base.signals, std::move(extra.signals), [](const auto& s) { return s.number; });
  merge_by_key(base.rules, std::move(extra.rules), [](const auto& r) { return r.id; });
  merge_by_key(base.notes, std::move(extra.notes), [](const auto& n) { return n.id; });
  merge_by_key(base.secrets, std::move(extra.secrets), [](const auto& s) { return s.id; });
  merge_by_key(base.memory_flags, std::move(extra.memory_flags),
               [](const auto& f) { return f.id; });
  merge_by_key(base.base_rates, std::move(extra.base_rates), [](const auto& b) { return b.id; });
  merge_by_key(base.runtimes, std::move(extra.runtimes), [](const auto& r) { return r.name; });
  merge_by_key(base.seen_in, std::move(extra.seen_in), [](const auto& s) { return s.rule; });
  for (auto& meaning : extra.meanings) {
    base.meanings.push_back(std::move(meaning));
  }
  for (auto& golden : extra.cases) {
    base.cases.push_back(std::move(golden));
  }
}

}  // namespace kexit::knowledge
