#pragma once
// CorpusEvaluation: the engine run on every report of the corpus, scored against the cause
// each thread established, and totalled overall, per cause, runtime and exit code, with the
// decoys, the misses and how often each confidence level is right.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "diagnose/corpus_report.h"
#include "diagnose/diagnosis.h"
#include "diagnose/diagnosis_engine.h"

namespace kexit::diagnose {

// Held-out reports are scored, not targeted: by default only their totals are shown.
enum class HeldOut { kHidden, kRevealed };

struct ReportScore {
  std::string id;
  CorpusSplit split = CorpusSplit::kDevelopment;
  bool moved_from_held_out = false;
  std::string runtime;
  std::optional<int> exit_code;
  std::string expected_cause;
  std::string also_acceptable;
  // False when the expected cause is a proposed slug, not one of knowledge/causes.yaml.
  bool expected_cause_known = true;
  std::string decoy;
  // Every cause the engine ranked, best first; never empty.
  std::vector<std::string> ranked_causes;
  std::string top_rule;
  ConfidenceLevel top_level = ConfidenceLevel::kLow;
  // The expected cause (or the acceptable one) came first, or among the first three.
  bool top1 = false;
  bool top3 = false;
};

struct Tally {
  std::size_t reports = 0;
  std::size_t top1 = 0;
  std::size_t top3 = 0;

  void add(const ReportScore& score);
};

struct CalibrationRow {
  ConfidenceLevel level = ConfidenceLevel::kLow;
  // Reports whose top diagnosis had this level, and how many of them were right (top-1).
  std::size_t count = 0;
  std::size_t right = 0;
};

struct CorpusEvaluation {
  HeldOut held_out = HeldOut::kHidden;
  // Every report, by id; held-out ones too, for the regression check.
  std::vector<ReportScore> scores;
  std::size_t moved_from_held_out = 0;
  Tally development;
  Tally held_out_totals;
  // The rest covers the shown reports: development, and held-out when revealed.
  Tally overall;
  // By key: cause and runtime by name, exit code by number with "unknown" last.
  std::vector<std::pair<std::string, Tally>> by_cause;
  std::vector<std::pair<std::string, Tally>> by_runtime;
  std::vector<std::pair<std::string, Tally>> by_exit_code;
  // High, medium, low.
  std::vector<CalibrationRow> calibration;
  // The same for the held-out split, always: counts only, no report is shown, so the
  // calibration criterion can be checked on both splits without reading a held-out report.
  std::vector<CalibrationRow> held_out_calibration;

  bool shown(const ReportScore& score) const;
};

// Runs the engine on one report; its knowledge tells known causes from proposed ones.
ReportScore score_report(const DiagnosisEngine& engine, const CorpusReport& report);

// Totals of scored reports (sorted by id here).
CorpusEvaluation aggregate_scores(std::vector<ReportScore> scores, HeldOut held_out);

CorpusEvaluation evaluate_corpus(const DiagnosisEngine& engine,
                                 const std::vector<CorpusReport>& reports, HeldOut held_out);

}  // namespace kexit::diagnose
