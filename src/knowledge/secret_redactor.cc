#include "knowledge/secret_redactor.h"

#include <algorithm>
#include <cstring>

#include "knowledge/secret_literals.h"

namespace kexit::knowledge {
namespace {

// Past this, one pass of the shape set costs less than a search for each literal: the text is
// a whole log (inspect --save), not a line, a message or an Event note.
constexpr std::size_t kLiteralSearchBytes = 16 * 1024;

std::string_view view(const re2::StringPiece& piece) { return {piece.data(), piece.size()}; }

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string ascii_lower(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return lowered;
}

bool holds_any(std::string_view text, const std::vector<std::string>& literals) {
  return std::any_of(literals.begin(), literals.end(), [text](const std::string& literal) {
    return text.find(literal) != std::string_view::npos;
  });
}

}  // namespace

RE2::Options secret_pattern_options() {
  RE2::Options options;
  options.set_log_errors(false);
  // A termination message is several lines: a PEM block there is one match.
  options.set_dot_nl(true);
  return options;
}

bool SecretRedactor::kept(const Compiled& compiled, std::string_view value) {
  // Redacting twice must change nothing, and a reference or a placeholder is no secret.
  if (value.empty() || value.substr(0, 9) == "[REDACTED") {
    return true;
  }
  return std::any_of(
      compiled.unless_value.begin(), compiled.unless_value.end(),
      [&](const std::unique_ptr<RE2>& pattern) { return RE2::PartialMatch(value, *pattern); });
}

std::string SecretRedactor::apply(const SecretShape& shape, const Compiled& compiled,
                                  std::string_view text) {
  const RE2& pattern = *compiled.pattern;
  const int groups = pattern.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> match(static_cast<std::size_t>(groups));
  std::string out;
  std::size_t position = 0;
  while (position < text.size() &&
         pattern.Match(text, position, text.size(), RE2::UNANCHORED, match.data(), groups)) {
    const std::string_view whole = view(match[0]);
    const std::string_view secret = view(match[static_cast<std::size_t>(compiled.secret_group)]);
    const auto whole_end = static_cast<std::size_t>(whole.data() - text.data()) + whole.size();
    if (whole.empty()) {
      // An empty match: keep one character and search on, so the loop ends.
      out += text[position++];
      continue;
    }
    if (secret.data() == nullptr || kept(compiled, secret)) {
      out.append(text.substr(position, whole_end - position));
    } else {
      const auto secret_start = static_cast<std::size_t>(secret.data() - text.data());
      const auto secret_end = secret_start + secret.size();
      out.append(text.substr(position, secret_start - position));
      out.append(shape.replacement);
      out.append(text.substr(secret_end, whole_end - secret_end));
    }
    position = whole_end;
  }
  if (position < text.size()) {
    out.append(text.substr(position));
  }
  return out;
}

const SecretRedactor::Compiled* SecretRedactor::Shape::get() const {
  std::call_once(compiled_once, [this] {
    if (compiled == nullptr) {
      if (auto built = compile_shape(*source)) {
        compiled = std::move(built).value();
      }
    }
  });
  return compiled.get();
}

const RE2::Set* SecretRedactor::shape_set() const {
  if (set_ == nullptr) {
    return nullptr;
  }
  std::call_once(set_->compiled_once, [this] {
    RE2::Options options = secret_pattern_options();
    options.set_max_mem(32 << 20);
    auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (const auto& shape : shapes_) {
      if (set->Add(shape->source->pattern, nullptr) < 0) {
        return;
      }
    }
    if (set->Compile()) {
      set_->set = std::move(set);
    }
  });
  return set_->set.get();
}

std::vector<std::size_t> SecretRedactor::candidates(std::string_view text) const {
  // The literals are lower-case ASCII matched against ASCII lower-casing; RE2 also folds the
  // Kelvin sign and the long s into `k` and `s`, so text with any other byte goes to the set.
  if (text.size() <= kLiteralSearchBytes && is_ascii(text)) {
    return literal_candidates(text);
  }
  return set_candidates(text);
}

std::vector<std::size_t> SecretRedactor::literal_candidates(std::string_view text) const {
  const std::string lowered = ascii_lower(text);
  std::vector<std::size_t> found;
  for (std::size_t index = 0; index < shapes_.size(); ++index) {
    const auto& literals = shapes_[index]->literals;
    if (literals.empty() || holds_any(lowered, literals)) {
      found.push_back(index);
    }
  }
  return found;
}

std::vector<std::size_t> SecretRedactor::set_candidates(std::string_view text) const {
  std::vector<std::size_t> all(shapes_.size());
  for (std::size_t index = 0; index < all.size(); ++index) {
    all[index] = index;
  }
  const RE2::Set* set = shape_set();
  if (set == nullptr) {
    return all;
  }
  std::vector<int> matched;
  RE2::Set::ErrorInfo error;
  if (!set->Match(text, &matched, &error)) {
    // Out of DFA memory: no shape may be skipped.
    return error.kind == RE2::Set::kNoError ? std::vector<std::size_t>{} : all;
  }
  std::sort(matched.begin(), matched.end());
  return {matched.begin(), matched.end()};
}

std::string SecretRedactor::redact(std::string_view text) const {
  // Only the shapes that may match the text are applied, in file order: an earlier shape's
  // [REDACTED] removes text a later shape could match, and no shape takes [REDACTED] (brackets
  // in no token alphabet, kept() for key-value shapes) for a secret.
  auto one_pass = [this](const std::string& in) {
    std::string out = in;
    for (std::size_t index : candidates(in)) {
      const Shape& shape = *shapes_[index];
      if (const Compiled* compiled = shape.get()) {
        out = apply(*shape.source, *compiled, out);
      }
    }
    return out;
  };
  // A [REDACTED] can give a secret glued to the one it replaced the boundary its own shape
  // needs ("NRII-<key>gho_<token>": the GitHub token is found only once the New Relic key is
  // gone), so passes go on until one changes nothing: the second secret is not shown, and the
  // result is stable. A pass that changes the text replaced a secret; the bound only guards
  // against a shape that would match inside its own marker.
  constexpr int kMaxPasses = 8;
  std::string out(text);
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    std::string next = one_pass(out);
    if (next == out) {
      return out;
    }
    out = std::move(next);
  }
  // Still changing after the bound: a chain of more glued secrets than passes, or a shape that
  // matches its own marker. What is left may hold a secret, so none of it is shown.
  return one_pass(out) == out ? out : std::string(kRedacted);
}

Expected<std::unique_ptr<const SecretRedactor::Compiled>> SecretRedactor::compile_shape(
    const SecretShape& shape) {
  auto compiled = std::make_unique<Compiled>();
  compiled->pattern = std::make_unique<RE2>(shape.pattern, secret_pattern_options());
  if (!compiled->pattern->ok()) {
    return Error{
        "secret pattern '" + shape.pattern + "' does not compile: " + compiled->pattern->error(),
        shape.where};
  }
  const auto& names = compiled->pattern->NamedCapturingGroups();
  if (auto secret = names.find("secret"); secret != names.end()) {
    compiled->secret_group = secret->second;
  }
  for (const auto& value : shape.unless_value) {
    // Anchored: the value starts as a reference or a placeholder does.
    auto pattern = std::make_unique<RE2>("^(?:" + value + ")", secret_pattern_options());
    if (!pattern->ok()) {
      return Error{"unless_value '" + value + "' does not compile: " + pattern->error(),
                   shape.where};
    }
    compiled->unless_value.push_back(std::move(pattern));
  }
  return std::unique_ptr<const Compiled>(std::move(compiled));
}

SecretRedactor SecretRedactor::compile(const std::vector<SecretShape>& shapes,
                                       std::vector<Error>& errors, PatternCompilation when) {
  SecretRedactor redactor;
  for (const auto& source : shapes) {
    auto shape = std::make_shared<Shape>();
    shape->source = &source;
    if (when == PatternCompilation::kNow) {
      auto compiled = compile_shape(source);
      if (!compiled) {
        errors.push_back(compiled.error());
        continue;
      }
      shape->compiled = std::move(compiled).value();
    }
    if (source.literals) {
      shape->literals = *source.literals;
    } else if (when == PatternCompilation::kNow) {
      auto literals = required_literals(source.pattern, secret_pattern_options());
      shape->literals = literals ? std::move(literals).value() : std::vector<std::string>{};
    }
    redactor.shapes_.push_back(std::move(shape));
  }
  check_presence(shapes, errors);
  redactor.set_ = std::make_shared<ShapeSet>();
  return redactor;
}

void SecretRedactor::check_presence(const std::vector<SecretShape>& shapes,
                                    std::vector<Error>& errors) {
  for (const auto& shape : shapes) {
    if (shape.references.empty()) {
      errors.push_back(Error{"secret \"" + shape.id +
                                 "\" has no references; cite the provider's documentation of "
                                 "its format",
                             shape.where});
    }
    for (const auto& reference : shape.references) {
      // The shape is only as good as its source: the provider's own page, reachable by a person.
      if (reference.rfind("https://", 0) != 0) {
        errors.push_back(Error{"secret \"" + shape.id + "\" reference \"" + reference +
                                   "\" is not an https:// URL; cite the provider's documentation "
                                   "of the format",
                               shape.where});
      }
    }
    if (shape.examples.empty()) {
      errors.push_back(Error{
          "secret \"" + shape.id + "\" has no examples; add a synthetic string it must redact",
          shape.where});
    }
  }
}

void SecretRedactor::check_examples(const std::vector<SecretShape>& shapes,
                                    std::vector<Error>& errors) const {
  for (const auto& shape : shapes) {
    for (const auto& example : shape.examples) {
      if (redact(example) == example) {
        errors.push_back(
            Error{"secret \"" + shape.id + "\": example \"" + example + "\" is not redacted",
                  shape.where});
      }
    }
    for (const auto& example : shape.not_examples) {
      if (std::string redacted = redact(example); redacted != example) {
        errors.push_back(Error{"secret \"" + shape.id + "\": not_example \"" + example +
                                   "\" is changed to \"" + redacted + "\"",
                               shape.where});
      }
    }
  }
}

}  // namespace kexit::knowledge
