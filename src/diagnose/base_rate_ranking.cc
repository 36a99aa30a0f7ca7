#include "diagnose/base_rate_ranking.h"

#include <algorithm>
#include <cmath>

namespace kexit::diagnose {
namespace {

std::string percent(double share) {
  return std::to_string(static_cast<int>(std::lround(share * 100))) + " %";
}

// "Killed by SIGKILL with no reason given: most often the kernel's OOM killer (67 %); also
// possible: a SIGKILL from outside (33 %)".
std::string headline(const knowledge::BaseRate& rate) {
  const auto& causes = rate.causes;
  std::string text = rate.title + ": most often " + causes.front().label + " (" +
                     percent(causes.front().share) + ")";
  for (std::size_t i = 1; i < causes.size(); ++i) {
    text += (i == 1 ? "; also possible: " : ", ") + causes[i].label + " (" +
            percent(causes[i].share) + ")";
  }
  return text;
}

std::string termination_text(const knowledge::BaseRate& rate) {
  return "exit code " + std::to_string(rate.exit_code) +
         (rate.reason.empty() ? ", no termination reason" : ", reason " + rate.reason) +
         (rate.without_log ? ", no log" : "") +
         (rate.runtime.empty() ? "" : ", runtime " + rate.runtime) +
         ": no log line, Event or reason names a cause; ranked by base rate " + rate.id;
}

// The most likely cause: the base rate's words, steps and references, with what a rule of the
// same cause found.
void make_top(const knowledge::BaseRate& rate, const StepNames& names, Diagnosis& diagnosis) {
  diagnosis.rule_id = rate.id;
  diagnosis.title = headline(rate);
  diagnosis.explanation = rate.explanation;
  diagnosis.evidence.insert(diagnosis.evidence.begin(),
                            Evidence{Evidence::Kind::kFact, termination_text(rate)});
  std::vector<knowledge::NextStep> steps;
  for (const auto& suggestion : rate.suggestions) {
    if (auto step = with_names(suggestion, names)) {
      steps.push_back(std::move(*step));
    }
  }
  if (!steps.empty()) {
    diagnosis.suggestions = std::move(steps);
  }
  std::vector<std::string> references = rate.references;
  for (const auto& reference : diagnosis.references) {
    if (std::find(references.begin(), references.end(), reference) == references.end()) {
      references.push_back(reference);
    }
  }
  diagnosis.references = std::move(references);
}

Diagnosis diagnosis_for(const knowledge::BaseRate& rate, std::size_t index,
                        std::vector<Diagnosis>& ranked, const StepNames& names) {
  const knowledge::BaseRateCause& cause = rate.causes[index];
  auto same = std::find_if(ranked.begin(), ranked.end(),
                           [&](const Diagnosis& d) { return d.cause == cause.cause; });
  Diagnosis diagnosis;
  if (same != ranked.end()) {
    diagnosis = std::move(*same);
    ranked.erase(same);
  } else {
    diagnosis.cause = cause.cause;
    diagnosis.rule_id = rate.id;
    diagnosis.title = "By the base rate: " + cause.label;
    diagnosis.explanation = rate.explanation;
    diagnosis.references = rate.references;
  }
  if (index == 0) {
    make_top(rate, names, diagnosis);
  }
  diagnosis.confidence = kBaseRateCeiling * cause.share;
  diagnosis.level = level_of(diagnosis.confidence);
  diagnosis.base_rate = BaseRateCitation{rate.id, cause.share, rate.source};
  return diagnosis;
}

}  // namespace

const knowledge::BaseRate* find_base_rate(const knowledge::KnowledgeSet& set,
                                          const kube::PodFacts& pod,
                                          const kube::ContainerFacts& container, bool log_read,
                                          const std::string& runtime) {
  const kube::Termination& termination = container.termination;
  // A pod-level reason (Evicted, DeadlineExceeded) is evidence of its own.
  if (container.outcome != kube::ContainerOutcome::kTerminated || !termination.exit_code ||
      !pod.reason.empty()) {
    return nullptr;
  }
  const knowledge::BaseRate* best = nullptr;
  int best_specificity = -1;
  for (const auto& rate : set.base_rates) {
    if (rate.exit_code != *termination.exit_code || rate.reason != termination.reason ||
        (rate.without_log && log_read) || (!rate.runtime.empty() && rate.runtime != runtime)) {
      continue;
    }
    // The runtime says more about a silent exit than the absence of its log does.
    const int specificity = (rate.runtime.empty() ? 0 : 2) + (rate.without_log ? 1 : 0);
    if (specificity > best_specificity) {
      best = &rate;
      best_specificity = specificity;
    }
  }
  return best;
}

std::vector<Diagnosis> rank_by_base_rate(const knowledge::BaseRate& rate,
                                         std::vector<Diagnosis> ranked, const StepNames& names) {
  std::vector<Diagnosis> result;
  for (std::size_t i = 0; i < rate.causes.size(); ++i) {
    result.push_back(diagnosis_for(rate, i, ranked, names));
  }
  // The rules' other readings of the number keep their order, below the base rate's last
  // cause, so the list stays best first.
  const double floor = result.back().confidence;
  for (auto& rest : ranked) {
    rest.confidence = std::min(rest.confidence, floor);
    rest.level = level_of(rest.confidence);
    result.push_back(std::move(rest));
  }
  return result;
}

}  // namespace kexit::diagnose
