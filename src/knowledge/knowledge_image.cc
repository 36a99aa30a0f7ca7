#include "knowledge/knowledge_image.h"

#include <cstdint>
#include <cstring>

namespace kexit::knowledge {
namespace {

// Bumped on any change of the layout below; the image and the binary are built together, so
// a mismatch means a stale build directory.
constexpr std::uint32_t kFormatVersion = 9;
constexpr std::string_view kMagic = "KXKB";

// One field list per type, used by both the writer and the reader, so the two cannot drift
// apart. `where` is kept: messages about built-in rules still name their YAML line.
template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, EventCondition>
void visit_fields(Io& io, T& event) {
  io(event.reasons);
  io(event.message);
  io(event.source);
  io(event.node);
  io(event.where);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, ConditionSet>
void visit_fields(Io& io, T& conditions) {
  io(conditions.exit_codes);
  io(conditions.signals);
  io(conditions.reasons);
  io(conditions.pod_reasons);
  io(conditions.waiting_reasons);
  io(conditions.container_types);
  io(conditions.outcomes);
  io(conditions.container_name);
  io(conditions.image);
  io(conditions.command);
  io(conditions.message);
  io(conditions.labels);
  io(conditions.env);
  io(conditions.liveness_probe);
  io(conditions.memory_limit);
  io(conditions.heap_above_limit);
  io(conditions.neighbour_started_later);
  io(conditions.stopped_after_app);
  io(conditions.declared_exit_code);
  io(conditions.restart_count_min);
  io(conditions.pod_condition);
  io(conditions.events);
  io(conditions.log_any);
  io(conditions.log_all);
  io(conditions.where);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, Boost>
void visit_fields(Io& io, T& boost) {
  io(boost.weight);
  io(boost.conditions);
  io(boost.if_absent);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, NextStep>
void visit_fields(Io& io, T& step) {
  io(step.text);
  io(step.command);
  io(step.comment);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, Rule>
void visit_fields(Io& io, T& rule) {
  io(rule.id);
  io(rule.cause);
  io(rule.title);
  io(rule.weight);
  io(rule.when);
  io(rule.unless);
  io(rule.boosts);
  io(rule.context_lines);
  io(rule.explanation);
  io(rule.suggestions);
  io(rule.fix);
  io(rule.references);
  io(rule.where);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, NoteRule>
void visit_fields(Io& io, T& note) {
  io(note.id);
  io(note.title);
  io(note.when);
  io(note.explanation);
  io(note.references);
  io(note.where);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, SecretShape>
void visit_fields(Io& io, T& shape) {
  io(shape.id);
  io(shape.provider);
  io(shape.pattern);
  io(shape.unless_value);
  io(shape.replacement);
  io(shape.references);
  io(shape.examples);
  io(shape.not_examples);
  io(shape.where);
  io(shape.literals);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, Meaning>
void visit_fields(Io& io, T& meaning) {
  io(meaning.code);
  io(meaning.origin);
  io(meaning.source);
  io(meaning.summary);
  io(meaning.cause);
  io(meaning.runtimes);
  io(meaning.image);
  io(meaning.tell_apart);
  io(meaning.check_first);
  io(meaning.references);
  io(meaning.where);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, CauseDefinition>
void visit_fields(Io& io, T& cause) {
  io(cause.slug);
  io(cause.definition);
  io(cause.event_reason);
  io(cause.event_type);
  io(cause.where);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, SignalDefinition>
void visit_fields(Io& io, T& signal) {
  io(signal.number);
  io(signal.name);
  io(signal.summary);
  io(signal.usual_senders);
  io(signal.where);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, MemoryFlag>
void visit_fields(Io& io, T& flag) {
  io(flag.id);
  io(flag.runtime);
  io(flag.label);
  io(flag.rest);
  io(flag.measure);
  io(flag.sources);
  io(flag.pattern);
  io(flag.units);
  io(flag.ignored_with);
  io(flag.references);
  io(flag.where);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, BaseRateCause>
void visit_fields(Io& io, T& cause) {
  io(cause.cause);
  io(cause.label);
  io(cause.share);
  io(cause.where);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, BaseRate>
void visit_fields(Io& io, T& rate) {
  io(rate.id);
  io(rate.exit_code);
  io(rate.reason);
  io(rate.without_log);
  io(rate.runtime);
  io(rate.title);
  io(rate.causes);
  io(rate.source);
  io(rate.explanation);
  io(rate.suggestions);
  io(rate.references);
  io(rate.where);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, RuntimeSignature>
void visit_fields(Io& io, T& runtime) {
  io(runtime.name);
  io(runtime.image);
  io(runtime.command);
  io(runtime.references);
  io(runtime.where);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, SeenReport>
void visit_fields(Io& io, T& report) {
  io(report.url);
  io(report.title);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, SeenIn>
void visit_fields(Io& io, T& seen) {
  io(seen.rule);
  io(seen.reports);
  io(seen.where);
}

// Golden cases are left out on purpose (see the header).
template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, KnowledgeSet>
void visit_fields(Io& io, T& set) {
  io(set.causes);
  io(set.signals);
  io(set.rules);
  io(set.notes);
  io(set.meanings);
  io(set.secrets);
  io(set.memory_flags);
  io(set.base_rates);
  io(set.runtimes);
  io(set.seen_in);
}

class ImageWriter {
 public:
  void operator()(const std::string& text) {
    (*this)(static_cast<std::uint32_t>(text.size()));
    bytes_.append(text);
  }
  void operator()(std::uint32_t value) { raw(&value, sizeof value); }
  void operator()(int value) { raw(&value, sizeof value); }
  void operator()(long long value) { raw(&value, sizeof value); }
  void operator()(double value) { raw(&value, sizeof value); }
  void operator()(bool value) { (*this)(static_cast<std::uint32_t>(value)); }
  void operator()(kube::ContainerKind kind) { (*this)(static_cast<int>(kind)); }
  void operator()(kube::ContainerOutcome outcome) { (*this)(static_cast<int>(outcome)); }
  template <typename T>
  void operator()(const std::optional<T>& value) {
    (*this)(value.has_value());
    if (value) {
      (*this)(*value);
    }
  }
  template <typename T>
  void operator()(const std::vector<T>& items) {
    (*this)(static_cast<std::uint32_t>(items.size()));
    for (const auto& item : items) {
      (*this)(item);
    }
  }
  template <typename V>
  void operator()(const std::map<std::string, V>& entries) {
    (*this)(static_cast<std::uint32_t>(entries.size()));
    for (const auto& [key, value] : entries) {
      (*this)(key);
      (*this)(value);
    }
  }
  // A model struct: its fields, in the order of its visit_fields overload.
  template <typename T>
  auto operator()(const T& entry) -> decltype(visit_fields(*this, entry)) {
    visit_fields(*this, entry);
  }

  std::string take() { return std::move(bytes_); }

 private:
  void raw(const void* data, std::size_t size) {
    bytes_.append(static_cast<const char*>(data), size);
  }

  std::string bytes_;
};

class ImageReader {
 public:
  explicit ImageReader(std::string_view bytes) : bytes_(bytes) {}

  void operator()(std::string& text) {
    std::uint32_t size = 0;
    (*this)(size);
    if (!take(size)) {
      return;
    }
    text.assign(bytes_.data() + offset_ - size, size);
  }
  void operator()(std::uint32_t& value) { raw(&value, sizeof value); }
  void operator()(int& value) { raw(&value, sizeof value); }
  void operator()(long long& value) { raw(&value, sizeof value); }
  void operator()(double& value) { raw(&value, sizeof value); }
  void operator()(bool& value) {
    std::uint32_t stored = 0;
    (*this)(stored);
    value = stored != 0;
  }
  void operator()(kube::ContainerKind& kind) { enumerator(kind); }
  void operator()(kube::ContainerOutcome& outcome) { enumerator(outcome); }
  template <typename T>
  void operator()(std::optional<T>& value) {
    bool present = false;
    (*this)(present);
    if (present) {
      value.emplace();
      (*this)(*value);
    }
  }
  template <typename T>
  void operator()(std::vector<T>& items) {
    std::uint32_t size = 0;
    (*this)(size);
    // Each item takes at least one byte: a corrupt count cannot make us allocate gigabytes.
    if (size > bytes_.size() - offset_) {
      failed_ = true;
      return;
    }
    items.resize(size);
    for (auto& item : items) {
      (*this)(item);
    }
  }
  template <typename V>
  void operator()(std::map<std::string, V>& entries) {
    std::uint32_t size = 0;
    (*this)(size);
    for (std::uint32_t i = 0; i < size && !failed_; ++i) {
      std::string key;
      (*this)(key);
      (*this)(entries[key]);
    }
  }
  template <typename T>
  auto operator()(T& entry) -> decltype(visit_fields(*this, entry)) {
    visit_fields(*this, entry);
  }

  bool failed() const { return failed_; }
  bool at_end() const { return offset_ == bytes_.size(); }

 private:
  bool take(std::size_t size) {
    if (failed_ || size > bytes_.size() - offset_) {
      failed_ = true;
      return false;
    }
    offset_ += size;
    return true;
  }
  void raw(void* data, std::size_t size) {
    if (take(size)) {
      std::memcpy(data, bytes_.data() + offset_ - size, size);
    }
  }
  template <typename Enum>
  void enumerator(Enum& value) {
    int stored = 0;
    (*this)(stored);
    value = static_cast<Enum>(stored);
  }

  std::string_view bytes_;
  std::size_t offset_ = 0;
  bool failed_ = false;
};

}  // namespace

std::string encode_knowledge_image(const KnowledgeSet& set) {
  ImageWriter writer;
  writer(std::string(kMagic));
  writer(kFormatVersion);
  writer(set);
  return writer.take();
}

Expected<KnowledgeSet> decode_knowledge_image(std::string_view image, const std::string& where) {
  ImageReader reader(image);
  std::string magic;
  std::uint32_t version = 0;
  reader(magic);
  reader(version);
  if (reader.failed() || magic != kMagic || version != kFormatVersion) {
    return Error{"not a knowledge image of this kexit (format " + std::to_string(kFormatVersion) +
                     "); rebuild kexit",
                 where};
  }
  KnowledgeSet set;
  reader(set);
  if (reader.failed() || !reader.at_end()) {
    return Error{"the knowledge image is truncated or corrupt; rebuild kexit", where};
  }
  return set;
}

}  // namespace kexit::knowledge
