#include "diagnose/evidence_collector.h"

#include "base/text.h"
#include "base/utf8_text.h"

namespace kexit::diagnose {

void EvidenceCollector::fact(std::string text) {
  text = truncate_utf8(redactor_.redact(text), options_.max_evidence_bytes);
  if (seen_facts_.insert(text).second) {
    facts_.push_back(Evidence{Evidence::Kind::kFact, std::move(text), std::nullopt});
  }
}

void EvidenceCollector::event(const kube::EventFacts& event) {
  kube::EventFacts shown = event;
  shown.message = truncate_utf8(redactor_.redact(event.message), options_.max_evidence_bytes);
  std::string text = shown.reason + ": " + shown.message;
  if (seen_facts_.insert(text).second) {
    events_.push_back(Evidence{Evidence::Kind::kEvent, std::move(text), std::nullopt, shown});
  }
}

void EvidenceCollector::add_context(int count) {
  std::vector<std::size_t> matched(lines_.begin(), lines_.end());
  for (std::size_t number : matched) {
    for (int offset = 1; offset <= count && number + offset <= log_.line_count(); ++offset) {
      lines_.insert(number + static_cast<std::size_t>(offset));
    }
  }
}

std::vector<Evidence> EvidenceCollector::take() {
  std::vector<Evidence> evidence = std::move(facts_);
  evidence.insert(evidence.end(), events_.begin(), events_.end());
  std::vector<std::size_t> numbers(lines_.begin(), lines_.end());
  if (numbers.size() > options_.max_log_evidence) {
    numbers.erase(numbers.begin(),
                  numbers.end() - static_cast<std::ptrdiff_t>(options_.max_log_evidence));
  }
  for (std::size_t number : numbers) {
    std::string text = log_.in_pem_block(number)
                           ? std::string("[REDACTED PEM BLOCK]")
                           : truncate_utf8(printable(redactor_.redact(log_.line(number))),
                                           options_.max_evidence_bytes);
    evidence.push_back(Evidence{Evidence::Kind::kLogLine, std::move(text), number});
  }
  return evidence;
}

}  // namespace kexit::diagnose
