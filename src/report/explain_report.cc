#include "report/explain_report.h"

#include <algorithm>
#include <sstream>

#include "base/text.h"
#include "diagnose/suggestion_names.h"
#include "knowledge/compiled_knowledge.h"
#include "knowledge/meaning_image.h"
#include "kube/exit_code.h"
#include "report/json_fields.h"
#include "report/next_step_output.h"
#include "report/schema_version.h"

namespace kexit::report {
namespace {

int origin_rank(const std::string& origin) {
  const auto& origins = knowledge::meaning_origins();
  auto it = std::find(origins.begin(), origins.end(), origin);
  return static_cast<int>(it - origins.begin());
}

bool fits(const knowledge::Meaning& meaning, const ExplainQuery& query) {
  if (!query.runtime.empty() && !meaning.runtimes.empty()) {
    std::string wanted = to_lower(query.runtime);
    bool any = std::any_of(meaning.runtimes.begin(), meaning.runtimes.end(),
                           [&](const std::string& runtime) { return to_lower(runtime) == wanted; });
    if (!any) {
      return false;
    }
  }
  // A program's own codes belong to its images: without --image they would bury the
  // runtimes' meanings under every program's.
  if (meaning.origin == "program" && query.image.empty()) {
    return false;
  }
  // A meaning bound to images shows only for an --image it fits.
  return query.image.empty() || !meaning.image ||
         knowledge::meaning_fits_image(meaning, query.image);
}

std::string code_summary(long long code) {
  if (code > 128 && code < 160) {
    return std::to_string(code) + " = 128 + " + std::to_string(code - 128) +
           ": as an exit code, death by signal " + std::to_string(code - 128) + ".";
  }
  if (std::string hex = kube::windows_status_hex(code); !hex.empty()) {
    return std::to_string(code) + " is a Windows exit status, " + hex + " (Docker prints it as " +
           std::to_string(code < 0 ? code + (1LL << 32) : code) + ").";
  }
  if (code < 0 && code >= -255) {
    return std::to_string(code) + " is no exit status a parent sees: exit(" + std::to_string(code) +
           ") reaches it as " + std::to_string(256 + code) +
           "; as a number in a log it has meanings of its own.";
  }
  if (code < 0 || code > 255) {
    return std::to_string(code) +
           " cannot be a process exit code (those are 0-255): it is a number from a log.";
  }
  return std::to_string(code) + " is not a signal exit (those are 129-159).";
}

}  // namespace

std::vector<std::string> known_runtimes(const knowledge::KnowledgeSet& set) {
  std::vector<std::string> runtimes;
  for (const auto& meaning : set.meanings) {
    for (const auto& runtime : meaning.runtimes) {
      runtimes.push_back(to_lower(runtime));
    }
  }
  std::sort(runtimes.begin(), runtimes.end());
  runtimes.erase(std::unique(runtimes.begin(), runtimes.end()), runtimes.end());
  return runtimes;
}

std::vector<knowledge::Meaning> find_meanings(const knowledge::KnowledgeSet& set,
                                              const ExplainQuery& query) {
  std::vector<knowledge::Meaning> meanings;
  for (const auto& meaning : set.meanings) {
    // A log prints some numbers negative (Chromium's -101): asked for N, the meanings of -N
    // belong to the answer too; asked for -N, the sign is the question and is kept.
    bool same = meaning.code == query.code || (query.code > 0 && meaning.code == -query.code);
    if (same && fits(meaning, query)) {
      meanings.push_back(meaning);
    }
  }
  if (query.code > 128 && query.code < 160) {
    const int number = static_cast<int>(query.code - 128);
    if (const auto* signal = set.find_signal(number)) {
      knowledge::Meaning meaning;
      meaning.code = query.code;
      meaning.origin = "signal";
      meaning.source = "the kernel, reported by the shell or container runtime as 128 + " +
                       std::to_string(number);
      meaning.summary = "killed by " + signal->name + ": " + signal->summary;
      meaning.tell_apart = signal->usual_senders.empty()
                               ? "the termination reason and the pod's events say who sent it"
                               : "usually sent by " + signal->usual_senders +
                                     "; the termination reason and the pod's events say which";
      meaning.check_first = {"", "kubectl describe pod POD", "Last State reason, and Events"};
      meaning.where = signal->where;
      meanings.push_back(std::move(meaning));
    }
  }
  // By origin; within one, the program's own choice last: it is what remains when no
  // runtime's marker is found.
  std::stable_sort(meanings.begin(), meanings.end(), [](const auto& a, const auto& b) {
    auto key = [](const knowledge::Meaning& meaning) {
      return std::pair{origin_rank(meaning.origin), meaning.cause == "application-exit-code"};
    };
    return key(a) < key(b);
  });
  // explain knows no pod: its commands read the pod's names from shell variables.
  const diagnose::StepNames names = diagnose::shell_variable_names(query.image);
  for (auto& meaning : meanings) {
    meaning.check_first =
        diagnose::with_names(meaning.check_first, names).value_or(knowledge::NextStep{});
  }
  return meanings;
}

std::string render_explain_text(const std::vector<knowledge::Meaning>& meanings,
                                const ExplainQuery& query, const TextStyle& style) {
  std::ostringstream out;
  const bool color = style.color == Color::kYes;
  auto bold = [&](const std::string& text) { return color ? "\x1b[1m" + text + "\x1b[0m" : text; };
  out << bold("kexit explain " + std::to_string(query.code)) << ": " << meanings.size()
      << (meanings.size() == 1 ? " meaning" : " meanings") << ". " << code_summary(query.code)
      << "\n";
  if (meanings.empty()) {
    out << "\nThe knowledge base knows no meaning for this number"
        << (query.image.empty() && query.runtime.empty() ? "" : " with that image or runtime")
        << "; as an exit code it is the program's own choice: read its log.\n";
    return out.str();
  }
  std::string origin;
  bool variables = false;
  for (const auto& meaning : meanings) {
    if (meaning.origin != origin) {
      origin = meaning.origin;
      out << "\n" << bold(origin) << "\n";
    }
    out << "  - " << wrap(meaning.summary, style.width - 4, "    ") << "\n";
    out << "    from: " << wrap(meaning.source, style.width - 10, "          ") << "\n";
    if (!meaning.cause.empty()) {
      out << "    cause: " << meaning.cause << "\n";
    }
    out << "    tell apart: " << wrap(meaning.tell_apart, style.width - 16, "                ")
        << "\n";
    if (meaning.check_first != knowledge::NextStep{}) {
      out << "    check first: "
          << step_text(meaning.check_first, style.width - 17, "                 ") << "\n";
      variables = variables || meaning.check_first.command.find('$') != std::string::npos;
    }
    for (const auto& reference : meaning.references) {
      out << "    see: " << reference << "\n";
    }
  }
  if (variables) {
    // The example is a line to edit and paste, so it is not wrapped either.
    out << "\n"
        << wrap("The commands read the pod from shell variables; set them first:", style.width, "")
        << "\n  POD=my-pod NAMESPACE=default CONTAINER=app\n";
  }
  return out.str();
}

nlohmann::ordered_json explain_document(const std::vector<knowledge::Meaning>& meanings,
                                        const ExplainQuery& query) {
  nlohmann::ordered_json document;
  document["schemaVersion"] = kSchemaVersion;
  document["kind"] = "ExplainReport";
  document["code"] = query.code;
  document["summary"] = code_summary(query.code);
  document["meanings"] = nlohmann::ordered_json::array();
  for (const auto& meaning : meanings) {
    nlohmann::ordered_json item;
    item["code"] = meaning.code;
    item["origin"] = meaning.origin;
    item["source"] = meaning.source;
    item["summary"] = meaning.summary;
    // Every meaning has the key; null where the number is no failure (HTTP 101, SQLITE_DONE).
    item["cause"] = text_or_null(meaning.cause);
    item["runtimes"] = meaning.runtimes;
    item["tellApart"] = text_or_null(meaning.tell_apart);
    item["checkFirst"] = text_or_null(knowledge::one_line(meaning.check_first));
    item["checkFirstStep"] = meaning.check_first == knowledge::NextStep{}
                                 ? nlohmann::ordered_json(nullptr)
                                 : step_document(meaning.check_first);
    item["references"] = meaning.references;
    document["meanings"].push_back(std::move(item));
  }
  return document;
}

}  // namespace kexit::report
