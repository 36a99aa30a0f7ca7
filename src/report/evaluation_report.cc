#include "report/evaluation_report.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "base/text.h"
#include "diagnose/wilson_interval.h"
#include "report/json_fields.h"
#include "report/schema_version.h"

namespace kexit::report {
namespace {

using diagnose::CorpusEvaluation;
using diagnose::CorpusSplit;
using diagnose::ReportScore;
using diagnose::Tally;
using nlohmann::ordered_json;

std::string percent(std::size_t part, std::size_t whole) {
  if (whole == 0) {
    return "-";
  }
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", 100.0 * part / whole);
  return text;
}

std::string interval_text(std::size_t part, std::size_t whole) {
  auto interval = diagnose::wilson_interval(part, whole);
  char text[48];
  std::snprintf(text, sizeof text, "95%% CI %.1f-%.1f%%", 100 * interval.low, 100 * interval.high);
  return text;
}

// "1 report", "2 reports".
std::string count_of(std::size_t count, const std::string& noun, const std::string& plural) {
  return std::to_string(count) + " " + (count == 1 ? noun : plural);
}

std::string pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

std::string pad_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string rescore_command(const EvaluationInput& input) {
  return "kexit kb eval " + input.corpus_directory + " --write-expected " +
         (input.expected_path.empty() ? std::string("tests/corpus/expected-results.txt")
                                      : input.expected_path);
}

void render_totals(std::ostringstream& out, const std::string& name, const Tally& tally) {
  out << pad(name, 13) << pad_left(count_of(tally.reports, "report ", "reports"), 12) << "  top-1 "
      << tally.top1 << " (" << percent(tally.top1, tally.reports) << ", "
      << interval_text(tally.top1, tally.reports) << ")  top-3 " << tally.top3 << " ("
      << percent(tally.top3, tally.reports) << ", " << interval_text(tally.top3, tally.reports)
      << ")\n";
}

void render_table(std::ostringstream& out, const std::string& title,
                  const std::vector<std::pair<std::string, Tally>>& rows) {
  std::size_t width = title.size() + 2;
  for (const auto& [key, tally] : rows) {
    width = std::max(width, key.size() + 4);
  }
  out << "\n" << pad(title, width) << "reports  top-1  top-3\n";
  for (const auto& [key, tally] : rows) {
    out << "  " << pad(key, width - 2) << pad_left(std::to_string(tally.reports), 7)
        << pad_left(std::to_string(tally.top1), 7) << pad_left(std::to_string(tally.top3), 7)
        << "\n";
  }
}

std::string expected_text(const ReportScore& score) {
  std::string text = score.expected_cause;
  if (!score.expected_cause_known) {
    text += " (proposed)";
  }
  if (!score.also_acceptable.empty()) {
    text += " or " + score.also_acceptable;
  }
  return text;
}

// The first three causes the engine ranked.
std::vector<std::string> first_three(const ReportScore& score) {
  const std::size_t count = std::min<std::size_t>(3, score.ranked_causes.size());
  return std::vector<std::string>(score.ranked_causes.begin(),
                                  score.ranked_causes.begin() + static_cast<std::ptrdiff_t>(count));
}

void render_decoys_and_misses(std::ostringstream& out, const CorpusEvaluation& evaluation) {
  std::vector<const ReportScore*> decoys;
  std::vector<const ReportScore*> misses;
  for (const auto& score : evaluation.scores) {
    if (!evaluation.shown(score)) {
      continue;
    }
    if (!score.decoy.empty()) {
      decoys.push_back(&score);
    }
    if (!score.top1) {
      misses.push_back(&score);
    }
  }
  out << "\ndecoys: " << decoys.size() << "\n";
  for (const auto* score : decoys) {
    out << "  " << (score->top1 ? "right " : "wrong ") << score->id << ": first "
        << score->ranked_causes.front() << "; trap: " << score->decoy << "\n";
  }
  out << "\nmisses: " << misses.size() << "\n";
  for (const auto* score : misses) {
    out << "  " << score->id << ": expected " << expected_text(*score) << ", first "
        << score->ranked_causes.front() << " (rule " << score->top_rule << ", "
        << diagnose::to_string(score->top_level) << "); top 3: " << join(first_three(*score), ", ")
        << "\n";
  }
}

void render_calibration_rows(std::ostringstream& out, const std::string& heading,
                             const std::vector<diagnose::CalibrationRow>& rows,
                             std::size_t reports) {
  out << "\n"
      << heading << "\n"
      << "  level    reports   share  accuracy\n";
  for (const auto& row : rows) {
    out << "  " << pad(diagnose::to_string(row.level), 7) << pad_left(std::to_string(row.count), 9)
        << pad_left(percent(row.count, reports), 8) << pad_left(percent(row.right, row.count), 10)
        << "\n";
  }
}

void render_calibration(std::ostringstream& out, const CorpusEvaluation& evaluation) {
  render_calibration_rows(out, "calibration (level of the top diagnosis)", evaluation.calibration,
                          evaluation.overall.reports);
  render_calibration_rows(out, "calibration of the held-out split (counts only)",
                          evaluation.held_out_calibration, evaluation.held_out_totals.reports);
}

void render_regression(std::ostringstream& out, const diagnose::Regression& regression,
                       diagnose::HeldOut held_out) {
  if (regression.split == CorpusSplit::kDevelopment) {
    out << "  REGRESSED " << regression.id << ": recorded " << regression.recorded_cause
        << " first, now " << regression.top_cause << "\n";
  } else if (held_out == diagnose::HeldOut::kHidden) {
    out << "  REGRESSED a held-out report: " << regression.id
        << " (--reveal-held-out shows its causes)\n";
  } else {
    out << "  REGRESSED held-out " << regression.id << ": recorded right, now "
        << regression.top_cause << " first\n";
  }
}

// A held-out id names its failure, so a reader who sees it has looked at the report; hidden,
// only the count is printed.
void render_held_out_now_right(std::ostringstream& out, const std::vector<std::string>& ids,
                               diagnose::HeldOut held_out) {
  if (ids.empty()) {
    return;
  }
  if (held_out == diagnose::HeldOut::kHidden) {
    out << "  now right: " << count_of(ids.size(), "held-out known miss", "held-out known misses")
        << " (--reveal-held-out names them; rescore to record them)\n";
    return;
  }
  for (const auto& id : ids) {
    out << "  now right: held-out " << id << " (a known miss; rescore to record it)\n";
  }
}

void render_check(std::ostringstream& out, const EvaluationInput& input) {
  const auto& check = *input.check;
  out << "\nexpected results " << input.expected_path << ": " << check.recorded_right
      << " recorded right, " << count_of(check.recorded_misses, "known miss", "known misses")
      << "\n";
  for (const auto& regression : check.regressions) {
    render_regression(out, regression, input.evaluation.held_out);
  }
  for (const auto& id : check.now_right) {
    out << "  now right: " << id << " (a known miss; rescore to record it)\n";
  }
  render_held_out_now_right(out, check.held_out_now_right, input.evaluation.held_out);
  if (!check.new_reports.empty()) {
    out << "  new: " << count_of(check.new_reports.size(), "report", "reports")
        << " not in the file, " << check.new_misses << " of them wrong; rescore to record them\n";
  }
  for (const auto& id : check.gone) {
    out << "  gone: " << id << " is in the file but not in the corpus; rescore to drop it\n";
  }
  if (check.passed()) {
    out << "check: no report recorded right has regressed\n";
    return;
  }
  out << "check: " << check.regressions.size()
      << " regressed; fix the rules, or if the change is intended, review it and rescore: "
      << rescore_command(input) << "\n";
}

double rounded_rate(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0 : std::round(1000.0 * part / whole) / 1000;
}

ordered_json tally_document(const Tally& tally) {
  auto top1 = diagnose::wilson_interval(tally.top1, tally.reports);
  auto top3 = diagnose::wilson_interval(tally.top3, tally.reports);
  auto round = [](double value) { return std::round(value * 1000) / 1000; };
  return ordered_json{{"reports", tally.reports},
                      {"top1", tally.top1},
                      {"top3", tally.top3},
                      {"top1Rate", rounded_rate(tally.top1, tally.reports)},
                      {"top3Rate", rounded_rate(tally.top3, tally.reports)},
                      {"top1Interval95", {round(top1.low), round(top1.high)}},
                      {"top3Interval95", {round(top3.low), round(top3.high)}}};
}

ordered_json rows_document(const std::vector<std::pair<std::string, Tally>>& rows) {
  ordered_json list = ordered_json::array();
  for (const auto& [key, tally] : rows) {
    list.push_back(
        {{"key", key}, {"reports", tally.reports}, {"top1", tally.top1}, {"top3", tally.top3}});
  }
  return list;
}

ordered_json score_document(const ReportScore& score) {
  return ordered_json{
      {"id", score.id},
      {"split", diagnose::to_string(score.split)},
      {"runtime", score.runtime},
      {"exitCode", score.exit_code ? ordered_json(*score.exit_code) : ordered_json(nullptr)},
      {"expected", score.expected_cause},
      {"expectedKnown", score.expected_cause_known},
      {"alsoAcceptable", text_or_null(score.also_acceptable)},
      {"decoy", text_or_null(score.decoy)},
      {"top", score.ranked_causes.front()},
      {"rule", score.top_rule},
      {"level", diagnose::to_string(score.top_level)},
      {"first3", first_three(score)},
      {"top1", score.top1},
      {"top3", score.top3}};
}

ordered_json check_document(const EvaluationInput& input) {
  const auto& check = *input.check;
  ordered_json regressions = ordered_json::array();
  for (const auto& regression : check.regressions) {
    const bool hidden = regression.split == CorpusSplit::kHeldOut &&
                        input.evaluation.held_out == diagnose::HeldOut::kHidden;
    ordered_json item = {{"id", regression.id},
                         {"split", diagnose::to_string(regression.split)},
                         {"recorded", text_or_null(hidden ? "" : regression.recorded_cause)},
                         {"top", text_or_null(hidden ? "" : regression.top_cause)}};
    regressions.push_back(item);
  }
  // Held-out ids name their failures: listed only when revealed, as in the text.
  std::vector<std::string> now_right = check.now_right;
  if (input.evaluation.held_out == diagnose::HeldOut::kRevealed) {
    now_right.insert(now_right.end(), check.held_out_now_right.begin(),
                     check.held_out_now_right.end());
  }
  return ordered_json{{"expected", input.expected_path},
                      {"passed", check.passed()},
                      {"recordedRight", check.recorded_right},
                      {"recordedMisses", check.recorded_misses},
                      {"regressions", regressions},
                      {"nowRight", now_right},
                      {"newReports", check.new_reports.size()},
                      {"newMisses", check.new_misses},
                      {"gone", check.gone}};
}

ordered_json calibration_document(const std::vector<diagnose::CalibrationRow>& rows,
                                  std::size_t reports) {
  ordered_json calibration = ordered_json::array();
  for (const auto& row : rows) {
    calibration.push_back({{"level", diagnose::to_string(row.level)},
                           {"reports", row.count},
                           {"share", rounded_rate(row.count, reports)},
                           {"accuracy", rounded_rate(row.right, row.count)}});
  }
  return calibration;
}

}  // namespace

std::string render_evaluation_text(const EvaluationInput& input) {
  const CorpusEvaluation& evaluation = input.evaluation;
  const bool revealed = evaluation.held_out == diagnose::HeldOut::kRevealed;
  std::ostringstream out;
  out << "kb eval: " << count_of(evaluation.scores.size(), "report", "reports") << " in "
      << input.corpus_directory << " (" << evaluation.development.reports << " development, "
      << evaluation.held_out_totals.reports << " held-out; " << evaluation.moved_from_held_out
      << " moved from held-out)\n\n";
  render_totals(out, "development", evaluation.development);
  render_totals(out, "held-out", evaluation.held_out_totals);
  out << (revealed ? "held-out reports are shown below (--reveal-held-out)\n"
                   : "held-out reports are scored, not shown; --reveal-held-out shows them\n");
  out << "\noverall (" << (revealed ? "all reports" : "development") << "): top-1 "
      << evaluation.overall.top1 << "/" << evaluation.overall.reports << " "
      << percent(evaluation.overall.top1, evaluation.overall.reports) << ", top-3 "
      << evaluation.overall.top3 << "/" << evaluation.overall.reports << " "
      << percent(evaluation.overall.top3, evaluation.overall.reports) << "\n";
  render_table(out, "by cause", evaluation.by_cause);
  render_table(out, "by runtime", evaluation.by_runtime);
  render_table(out, "by exit code", evaluation.by_exit_code);
  render_decoys_and_misses(out, evaluation);
  render_calibration(out, evaluation);
  if (input.check) {
    render_check(out, input);
  }
  return out.str();
}

nlohmann::ordered_json evaluation_document(const EvaluationInput& input) {
  const CorpusEvaluation& evaluation = input.evaluation;
  ordered_json reports = ordered_json::array();
  for (const auto& score : evaluation.scores) {
    if (evaluation.shown(score)) {
      reports.push_back(score_document(score));
    }
  }
  ordered_json calibration =
      calibration_document(evaluation.calibration, evaluation.overall.reports);
  ordered_json held_out_calibration =
      calibration_document(evaluation.held_out_calibration, evaluation.held_out_totals.reports);
  ordered_json document = {{"schemaVersion", kSchemaVersion},
                           {"kind", "CorpusEvaluation"},
                           {"corpus", input.corpus_directory},
                           {"heldOutRevealed", evaluation.held_out == diagnose::HeldOut::kRevealed},
                           {"movedFromHeldOut", evaluation.moved_from_held_out},
                           {"development", tally_document(evaluation.development)},
                           {"heldOut", tally_document(evaluation.held_out_totals)},
                           {"overall", tally_document(evaluation.overall)},
                           {"byCause", rows_document(evaluation.by_cause)},
                           {"byRuntime", rows_document(evaluation.by_runtime)},
                           {"byExitCode", rows_document(evaluation.by_exit_code)},
                           {"calibration", calibration},
                           {"heldOutCalibration", held_out_calibration},
                           {"reports", reports},
                           {"check", input.check ? check_document(input) : ordered_json(nullptr)}};
  return document;
}

}  // namespace kexit::report
