#include "knowledge/secret_redactor.h"

#include <algorithm>

namespace kexit::knowledge {
namespace {

RE2::Options secret_pattern_options() {
  RE2::Options options;
  options.set_log_errors(false);
  // A termination message is several lines: a PEM block there is one match.
  options.set_dot_nl(true);
  return options;
}

std::string_view view(const re2::StringPiece& piece) { return {piece.data(), piece.size()}; }

}  // namespace

bool SecretRedactor::kept(const Compiled& compiled, std::string_view value) {
  // Redacting twice must change nothing, and a reference or a placeholder is no secret.
  if (value.empty() || value.substr(0, 9) == "[REDACTED") {
    return true;
  }
  return std::any_of(
      compiled.unless_value.begin(), compiled.unless_value.end(),
      [&](const std::unique_ptr<RE2>& pattern) { return RE2::PartialMatch(value, *pattern); });
}

std::string SecretRedactor::apply(const Compiled& compiled, std::string_view text) {
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
      out.append(compiled.shape->replacement);
      out.append(text.substr(secret_end, whole_end - secret_end));
    }
    position = whole_end;
  }
  if (position < text.size()) {
    out.append(text.substr(position));
  }
  return out;
}

void SecretRedactor::compile_set() {
  RE2::Options options = secret_pattern_options();
  options.set_max_mem(32 << 20);
  auto set = std::make_shared<RE2::Set>(options, RE2::UNANCHORED);
  for (const auto& compiled : shapes_) {
    if (set->Add(compiled->shape->pattern, nullptr) < 0) {
      return;
    }
  }
  if (set->Compile()) {
    set_ = std::move(set);
  }
}

std::vector<std::size_t> SecretRedactor::candidates(std::string_view text) const {
  std::vector<std::size_t> all(shapes_.size());
  for (std::size_t index = 0; index < all.size(); ++index) {
    all[index] = index;
  }
  if (set_ == nullptr) {
    return all;
  }
  std::vector<int> matched;
  RE2::Set::ErrorInfo error;
  if (!set_->Match(text, &matched, &error)) {
    // Out of DFA memory: no shape may be skipped.
    return error.kind == RE2::Set::kNoError ? std::vector<std::size_t>{} : all;
  }
  std::sort(matched.begin(), matched.end());
  return {matched.begin(), matched.end()};
}

std::string SecretRedactor::redact(std::string_view text) const {
  // Only the shapes the set found in the text are applied, in file order: an earlier shape's
  // [REDACTED] removes text a later shape could match, and no shape takes [REDACTED] (brackets
  // in no token alphabet, kept() for key-value shapes) for a secret.
  auto one_pass = [this](const std::string& in) {
    std::string out = in;
    for (std::size_t index : candidates(in)) {
      out = apply(*shapes_[index], out);
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

SecretRedactor SecretRedactor::compile(const std::vector<SecretShape>& shapes,
                                       std::vector<Error>& errors) {
  SecretRedactor redactor;
  for (const auto& shape : shapes) {
    auto compiled = std::make_shared<Compiled>();
    compiled->shape = &shape;
    compiled->pattern = std::make_unique<RE2>(shape.pattern, secret_pattern_options());
    if (!compiled->pattern->ok()) {
      errors.push_back(Error{
          "secret pattern '" + shape.pattern + "' does not compile: " + compiled->pattern->error(),
          shape.where});
      continue;
    }
    const auto& names = compiled->pattern->NamedCapturingGroups();
    if (auto secret = names.find("secret"); secret != names.end()) {
      compiled->secret_group = secret->second;
    }
    bool usable = true;
    for (const auto& value : shape.unless_value) {
      // Anchored: the value starts as a reference or a placeholder does.
      auto pattern = std::make_unique<RE2>("^(?:" + value + ")", secret_pattern_options());
      if (!pattern->ok()) {
        errors.push_back(Error{"unless_value '" + value + "' does not compile: " + pattern->error(),
                               shape.where});
        usable = false;
        continue;
      }
      compiled->unless_value.push_back(std::move(pattern));
    }
    if (usable) {
      redactor.shapes_.push_back(std::move(compiled));
    }
  }
  check_presence(shapes, errors);
  redactor.compile_set();
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
