#include "knowledge/knowledge_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>

#include "knowledge/builtin_knowledge.h"
#include "knowledge/compiled_knowledge.h"
#include "knowledge/knowledge_lint.h"
#include "testing/huge_pattern.h"

namespace kexit::knowledge {
namespace {

const char* kCauses = R"(causes:
  - {slug: rust-panic, definition: d, event_reason: RustPanic, event_type: Warning}
)";

// Loads and compiles; returns every error as text.
std::vector<std::string> problems(const std::string& rules_text) {
  LoadResult loaded = load_knowledge_files(
      {{"knowledge/causes.yaml", kCauses}, {"knowledge/rust.yaml", rules_text}});
  std::vector<Error> errors = loaded.errors;
  auto compiled = CompiledKnowledge::compile(std::move(loaded.set), errors);
  std::vector<std::string> texts;
  for (const auto& error : errors) {
    texts.push_back(error.to_string());
  }
  return texts;
}

// yaml-cpp recursed into deep nesting and built aliases without bound (issue 15).
TEST(KnowledgeLoader, HostileYamlIsAnErrorNamingTheFile) {
  std::string deep = "rules: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  EXPECT_EQ(problems(deep), std::vector<std::string>{
                                "knowledge/rust.yaml:1:263: YAML nested deeper than 256 levels, "
                                "kexit's limit (a Kubernetes object nests about 10); pass the "
                                "file as kubectl or your editor wrote it"});
  std::string laughs = "notes: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'j'; ++level) {
    std::string alias = std::string("*") + static_cast<char>(level - 1);
    laughs += std::string(1, level) + ": &" + level + " [" + alias + ", " + alias + ", " + alias +
              ", " + alias + ", " + alias + ", " + alias + ", " + alias + ", " + alias + ", " +
              alias + ", " + alias + "]\n";
  }
  auto errors = problems(laughs);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("knowledge/rust.yaml:", 0), 0u);
  EXPECT_NE(errors[0].find("YAML aliases expand to more than 1000000 nodes and bytes"),
            std::string::npos);
}

TEST(KnowledgeLoader, AcceptsAValidRule) {
  EXPECT_TRUE(problems(R"(rules:
  - id: rust.panic
    cause: rust-panic
    title: t
    weight: 0.8
    when: {exit_code: [101], log: ['panicked at']}
    explanation: e
    references: [https://example.org]
)")
                  .empty());
}

TEST(KnowledgeLoader, UnknownCauseNamesFileAndLine) {
  EXPECT_EQ(problems(R"(rules:
  - id: rust.panic
    cause: rust-panik
    title: t
    weight: 0.8
    explanation: e
    references: [r]
)"),
            std::vector<std::string>{"knowledge/rust.yaml:2: unknown cause \"rust-panik\"; use a "
                                     "slug from causes.yaml (see knowledge/README.md)"});
}

TEST(KnowledgeLoader, UnknownFixKindNamesFileAndLine) {
  EXPECT_EQ(problems(R"(rules:
  - id: rust.panic
    cause: rust-panic
    title: t
    weight: 0.8
    explanation: e
    fix: raise-memory
    references: [r]
)"),
            std::vector<std::string>{"knowledge/rust.yaml:2: unknown fix \"raise-memory\"; use one "
                                     "of the fix kinds in knowledge/README.md"});
}

TEST(KnowledgeLoader, AKnownFixKindIsKept) {
  LoadResult loaded =
      load_knowledge_files({{"knowledge/causes.yaml", kCauses}, {"knowledge/rust.yaml", R"(rules:
  - id: rust.panic
    cause: rust-panic
    title: t
    weight: 0.8
    explanation: e
    fix: raise-memory-limit
    references: [r]
)"}});
  ASSERT_TRUE(loaded.errors.empty());
  ASSERT_EQ(loaded.set.rules.size(), 1u);
  EXPECT_EQ(loaded.set.rules[0].fix, "raise-memory-limit");
}

TEST(KnowledgeLoader, UnknownKeyIsAnErrorSoTyposNeverDisableConditions) {
  EXPECT_EQ(problems(R"(rules:
  - id: rust.panic
    cause: rust-panic
    title: t
    weight: 0.8
    when:
      exit_codes: [101]
    explanation: e
    references: [r]
)"),
            std::vector<std::string>{"knowledge/rust.yaml:7: unknown key \"exit_codes\"; see "
                                     "knowledge/README.md for the schema"});
}

TEST(KnowledgeLoader, ReadsNextStepsAsProseOrTextCommandAndComment) {
  LoadResult loaded =
      load_knowledge_files({{"knowledge/causes.yaml", kCauses}, {"knowledge/rust.yaml", R"(rules:
  - id: rust.panic
    cause: rust-panic
    title: t
    weight: 0.8
    explanation: e
    suggestions:
      - Set RUST_BACKTRACE=1
      - {command: 'kubectl logs POD --previous', comment: 'the panic'}
      - {text: 'On the node', command: 'journalctl -k'}
    references: [r]
meanings:
  - {code: 101, origin: exit-code, source: s, summary: s, tell_apart: t,
     check_first: {command: 'kubectl describe pod POD'}}
)"}});
  EXPECT_TRUE(loaded.errors.empty());
  ASSERT_EQ(loaded.set.rules.size(), 1u);
  EXPECT_EQ(loaded.set.rules[0].suggestions,
            (std::vector<NextStep>{{"Set RUST_BACKTRACE=1", "", ""},
                                   {"", "kubectl logs POD --previous", "the panic"},
                                   {"On the node", "journalctl -k", ""}}));
  ASSERT_EQ(loaded.set.meanings.size(), 1u);
  EXPECT_EQ(loaded.set.meanings[0].check_first, (NextStep{"", "kubectl describe pod POD", ""}));
}

TEST(KnowledgeLoader, ANextStepNeedsTextOrCommandAndACommandIsNeverProse) {
  EXPECT_EQ(problems(R"(rules:
  - id: rust.panic
    cause: rust-panic
    title: t
    weight: 0.8
    explanation: e
    suggestions:
      - kubectl logs POD --previous
      - {comment: 'the panic'}
      - {command: 'kubectl logs POD', note: 'x'}
    references: [r]
)"),
            (std::vector<std::string>{
                "knowledge/rust.yaml:8: \"suggestions\" gives a command as prose; write it as "
                "{command: '...'} so it is printed whole; see knowledge/README.md",
                "knowledge/rust.yaml:9: \"suggestions\" needs \"text\" or \"command\"; see "
                "knowledge/README.md",
                "knowledge/rust.yaml:10: unknown key \"note\"; see knowledge/README.md for the "
                "schema"}));
}

TEST(KnowledgeLoader, BadPatternNamesTheBlock) {
  auto errors = problems(R"(rules:
  - id: rust.panic
    cause: rust-panic
    title: t
    weight: 0.8
    when:
      log: ['(?<=x)y']
    explanation: e
    references: [r]
)");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("knowledge/rust.yaml:7: log pattern '(?<=x)y' does not compile: ", 0),
            0u)
      << errors[0];
}

// A memory flag is compared with the limit only if its value is read: env sources must be on
// the pod parser's allow-list, and the pattern must capture what the engine computes with.
TEST(KnowledgeLoader, MemoryFlagsNeedReadableSourcesAndTheirGroups) {
  auto errors = problems(R"(memory_flags:
  - id: jvm.max-heap
    runtime: JVM
    label: heap
    rest: non-heap
    measure: size
    sources: [JAVA_OPTS, command]
    pattern: '-Xmx([0-9]+)'
    units: {'': 1, g: lots}
    references: [r]
)");
  EXPECT_EQ(
      errors,
      (std::vector<std::string>{
          "knowledge/rust.yaml:9: unit \"g\" needs a positive whole number of bytes, got "
          "\"lots\"",
          "knowledge/rust.yaml:2: the pod parser does not keep the value of JAVA_OPTS; add it "
          "to the allow-list in src/kube/pod_facts.cc if it carries no credentials",
          "knowledge/rust.yaml:2: pattern needs the named group `value` (and `unit` for a "
          "size)"}));
}

TEST(KnowledgeLoader, DuplicateIdsAreReported) {
  auto errors = problems(R"(rules:
  - {id: a.b, cause: rust-panic, title: t, weight: 0.5, explanation: e, references: [r]}
  - {id: a.b, cause: rust-panic, title: t, weight: 0.5, explanation: e, references: [r]}
)");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "knowledge/rust.yaml:3: duplicate rule id \"a.b\", first defined at "
            "knowledge/rust.yaml:2; rename one");
}

TEST(KnowledgeLoader, InvalidYamlIsOneLineWithLocation) {
  auto errors = problems("rules:\n  - id: [unclosed\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("knowledge/rust.yaml:", 0), 0u);
  EXPECT_NE(errors[0].find("invalid YAML"), std::string::npos);
  EXPECT_EQ(errors[0].find('\n'), std::string::npos);
}

TEST(KnowledgeLoader, MissingFieldsAndBadWeights) {
  auto errors = problems(R"(rules:
  - id: a.b
    cause: rust-panic
    weight: 2
    explanation: e
    references: [r]
)");
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "knowledge/rust.yaml:2: missing \"title\"; see knowledge/README.md",
                        "knowledge/rust.yaml:2: weight must be above 0 and at most 1"}));
}

TEST(KnowledgeLoader, OverridesByIdFromAnExtraDirectory) {
  LoadResult base = load_knowledge_files({{"k/a.yaml", R"(rules:
  - {id: a.b, cause: rust-panic, title: old, weight: 0.5, explanation: e, references: [r]}
)"}});
  LoadResult extra = load_knowledge_files({{"extra/a.yaml", R"(rules:
  - {id: a.b, cause: rust-panic, title: new, weight: 0.5, explanation: e, references: [r]}
  - {id: a.c, cause: rust-panic, title: added, weight: 0.5, explanation: e, references: [r]}
)"}});
  merge_overriding(base.set, std::move(extra.set));
  ASSERT_EQ(base.set.rules.size(), 2u);
  EXPECT_EQ(base.set.rules[0].title, "new");
  EXPECT_EQ(base.set.rules[1].id, "a.c");
}

TEST(KnowledgeLoader, CasesAreReadFromCaseDirectories) {
  LoadResult loaded = load_knowledge_files({{"knowledge/cases/rust/panic.yaml", R"(
description: d
expect: {cause: rust-panic}
pod: {kind: Pod, metadata: {labels: {tier: "2"}},
      status: {containerStatuses: [{name: a, state: {terminated: {exitCode: 101}}}]}}
logs: {a: "thread 'main' panicked at x"}
)"}});
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors.front().to_string();
  ASSERT_EQ(loaded.set.cases.size(), 1u);
  EXPECT_EQ(loaded.set.cases[0].expect_cause, "rust-panic");
  EXPECT_EQ(loaded.set.cases[0].logs.at("a"), "thread 'main' panicked at x");
  EXPECT_EQ(loaded.set.cases[0].pod["metadata"]["labels"]["tier"], "2") << "quotes are kept";
  EXPECT_EQ(
      loaded.set.cases[0].pod["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"],
      101);
}

TEST(KnowledgeLint, ReportsMissingCoverage) {
  LoadResult loaded = load_knowledge_files({{"knowledge/causes.yaml", kCauses}});
  auto errors = check_coverage(loaded.set);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].to_string(),
            "knowledge/causes.yaml:2: cause \"rust-panic\" has no rule; add one that uses it");
}

TEST(KnowledgeLoader, TheBuiltInKnowledgeLoadsCleanly) {
  std::vector<Error> errors;
  auto knowledge = load_compiled_knowledge({}, errors);
  for (const auto& error : errors) {
    ADD_FAILURE() << error.to_string();
  }
  ASSERT_TRUE(knowledge.ok());
  EXPECT_FALSE((*knowledge)->rules().empty());
}

// kMaxPatternProgramSize refuses only what no real rule needs: the shipped patterns stay far
// below it.
TEST(KnowledgeLoader, ShippedPatternsAreFarBelowTheProgramSizeLimit) {
  std::vector<Error> errors;
  auto knowledge = load_compiled_knowledge({}, errors);
  ASSERT_TRUE(knowledge.ok());
  int largest = 0;
  for (const auto& pattern : (*knowledge)->log_patterns()) {
    largest = std::max(largest, RE2(pattern, knowledge_pattern_options()).ProgramSize());
  }
  std::cout << "largest shipped log pattern: " << largest << " RE2 instructions\n";
  EXPECT_LT(largest * 4, kMaxPatternProgramSize);
}

TEST(KnowledgeLoader, AHugePatternIsRefusedWithItsSize) {
  // 2,000 distinct words (a trie RE2 cannot fold) in one alternation.
  const std::string words = testing_support::unfoldable_alternation(2000);
  auto errors = problems(
      "rules:\n  - id: rust.panic\n    cause: rust-panic\n    title: t\n"
      "    weight: 0.8\n    when:\n      log: ['(?:" +
      words + ") failed']\n    explanation: e\n    references: [r]\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("knowledge/rust.yaml:7: log pattern '(?:", 0), 0u) << errors[0];
  EXPECT_NE(errors[0].find("...' compiles to "), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find(" RE2 instructions, over kexit's limit of 5000 (every log line pays "
                           "for its size); split it into several patterns or narrow its repeats"),
            std::string::npos)
      << errors[0];
}

// One entry of `base_rates:` as knowledge/README.md shows it, with `body` after its exit code.
std::string base_rate_entry(const std::string& id, const std::string& body) {
  return "  - id: " + id +
         "\n"
         "    exit_code: 101\n" +
         body +
         "    title: t\n"
         "    source: 'kexit corpus: 3 of 3'\n"
         "    explanation: e\n";
}

std::string base_rate(const std::string& body) {
  return "base_rates:\n" + base_rate_entry("rust.exit-101-no-reason", body);
}

TEST(KnowledgeLoader, AcceptsABaseRateAndKeepsItsOrder) {
  LoadResult loaded = load_knowledge_files(
      {{"knowledge/causes.yaml", kCauses},
       {"knowledge/rust.yaml",
        base_rate("    reason: ''\n    log: absent\n"
                  "    causes:\n"
                  "      - {cause: rust-panic, label: a panic, share: 1}\n")}});
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors.front().to_string();
  ASSERT_EQ(loaded.set.base_rates.size(), 1u);
  const BaseRate& rate = loaded.set.base_rates.front();
  EXPECT_EQ(rate.exit_code, 101);
  EXPECT_EQ(rate.reason, "");
  EXPECT_TRUE(rate.without_log);
  EXPECT_EQ(rate.source, "kexit corpus: 3 of 3");
  EXPECT_EQ(rate.causes,
            (std::vector<BaseRateCause>{{"rust-panic", "a panic", 1.0, "knowledge/rust.yaml:7"}}));
}

TEST(KnowledgeLoader, BaseRateWithoutReasonSaysHowToWriteNone) {
  EXPECT_EQ(problems(base_rate("    causes: [{cause: rust-panic, label: a panic, share: 1}]\n")),
            std::vector<std::string>{"knowledge/rust.yaml:2: missing \"reason\"; write reason: "
                                     "'' for a termination without one"});
}

TEST(KnowledgeLoader, BaseRateSharesMustBeFractionsInOrder) {
  EXPECT_EQ(problems(base_rate("    reason: ''\n"
                               "    causes:\n"
                               "      - {cause: rust-panic, label: a panic, share: 0.2}\n"
                               "      - {cause: rust-panic, label: again, share: 0.5}\n"
                               "      - {cause: rust-panic, label: more, share: 1.5}\n")),
            (std::vector<std::string>{
                "knowledge/rust.yaml:8: \"share\" must be above 0 and at most 1, got 1.5",
                "knowledge/rust.yaml:7: causes must be ordered most often first: \"rust-panic\" "
                "has a larger share than \"rust-panic\" before it",
                "knowledge/rust.yaml:8: causes must be ordered most often first: \"rust-panic\" "
                "has a larger share than \"rust-panic\" before it",
                "knowledge/rust.yaml:2: the shares of \"causes\" add up to more than 1; give "
                "each cause its part of the whole"}));
}

TEST(KnowledgeLoader, BaseRateNeedsKnownCausesAndAValidLog) {
  EXPECT_EQ(problems(base_rate("    reason: ''\n    log: never\n"
                               "    causes: [{cause: rust-panik, label: a panic, share: 1}]\n")),
            (std::vector<std::string>{
                "knowledge/rust.yaml:5: \"log\" must be any or absent, got \"never\"",
                "knowledge/rust.yaml:6: unknown cause \"rust-panik\"; use a slug from "
                "causes.yaml (see knowledge/README.md)"}));
  EXPECT_EQ(problems(base_rate("    reason: ''\n    causes: []\n")),
            std::vector<std::string>{"knowledge/rust.yaml:2: \"causes\" must be a list of at "
                                     "least one {cause, label, share}"});
}

TEST(KnowledgeLoader, TwoBaseRatesForOneTerminationAreAnError) {
  const std::string body =
      "    reason: Error\n    causes: [{cause: rust-panic, label: a panic, share: 1}]\n";
  const std::string one = base_rate(body);
  const std::string two = base_rate_entry("rust.exit-101-as-well", body);
  EXPECT_EQ(problems(one + two),
            std::vector<std::string>{
                "knowledge/rust.yaml:9: base rate \"rust.exit-101-as-well\" is for the same exit "
                "code 101, reason \"Error\", log and runtime as the one at knowledge/rust.yaml:2; "
                "merge them"});
}

const char* kRuntimes =
    "runtimes:\n"
    "  - {name: rust, image: '(^|/)rust:', references: [r]}\n"
    "  - {name: jvm, command: 'java', references: [r]}\n";

// The same termination for another runtime is another key; its runtime must be one kexit tells.
TEST(KnowledgeLoader, BaseRatesMayBeKeyedByAKnownRuntime) {
  const std::string body =
      "    reason: Error\n    causes: [{cause: rust-panic, label: a panic, share: 1}]\n";
  const std::string any = base_rate(body);
  const std::string rust = base_rate_entry("rust.exit-101-rust", "    runtime: rust\n" + body);
  EXPECT_EQ(problems(any + rust + kRuntimes), std::vector<std::string>{});
  const std::string typo = base_rate_entry("rust.exit-101-typo", "    runtime: rsut\n" + body);
  EXPECT_EQ(problems(any + typo + kRuntimes),
            std::vector<std::string>{"knowledge/rust.yaml:9: unknown runtime \"rsut\"; use the "
                                     "name of an entry of runtimes: (see knowledge/README.md)"});
  const std::string again = base_rate_entry("rust.exit-101-again", "    runtime: rust\n" + body);
  EXPECT_EQ(problems(any + rust + again + kRuntimes),
            std::vector<std::string>{
                "knowledge/rust.yaml:17: base rate \"rust.exit-101-again\" is for the same exit "
                "code 101, reason \"Error\", log and runtime as the one at "
                "knowledge/rust.yaml:9; merge them"});
}

// knowledge/seen-in.yaml is generated, but a --knowledge directory may carry one too.
TEST(KnowledgeLoader, SeenInCitesAKnownRuleWithAFewPublicReports) {
  const std::string rule =
      "rules:\n  - {id: rust.panic, cause: rust-panic, title: t, weight: 0.8, when: {log: [x]}, "
      "explanation: e, references: [r]}\n";
  EXPECT_EQ(problems(rule + "seen_in:\n  - {rule: rust.panic, reports: [{url: 'https://a', "
                            "title: t}]}\n"),
            std::vector<std::string>{});
  EXPECT_EQ(
      problems(rule + "seen_in:\n"
                      "  - {rule: rust.panik, reports: [{url: 'https://a', title: t}]}\n"
                      "  - {rule: rust.panic, reports: [{url: 'http://a'}, {url: 'https://b'}, "
                      "{url: 'https://c'}, {url: 'https://d'}]}\n"
                      "  - {rule: rust.panic, reports: []}\n"),
      (std::vector<std::string>{
          "knowledge/rust.yaml:6: \"reports\" must be a list of at least one {url, title}",
          "knowledge/rust.yaml:4: seen_in names no rule \"rust.panik\"; regenerate with "
          "tests/corpus/seen_in.py",
          "knowledge/rust.yaml:5: seen_in cites at most 3 reports for a rule",
          "knowledge/rust.yaml:5: a seen_in url must be public, https://, got \"http://a\"",
          "knowledge/rust.yaml:6: rule \"rust.panic\" is cited twice, first at "
          "knowledge/rust.yaml:5; merge them"}));
}

TEST(KnowledgeLoader, ARuntimeNeedsAPatternReferencesAndAUniqueName) {
  EXPECT_EQ(problems("runtimes:\n"
                     "  - {name: jvm, references: [r]}\n"
                     "  - {name: jvm, image: '(', references: [r]}\n"
                     "  - {name: node, command: node}\n"),
            (std::vector<std::string>{
                "knowledge/rust.yaml:2: a runtime needs an image or a command pattern, the way "
                "kexit tells it",
                "knowledge/rust.yaml:3: duplicate runtime \"jvm\", first defined at "
                "knowledge/rust.yaml:2; merge them",
                "knowledge/rust.yaml:3: runtime pattern does not compile: missing ): (",
                "knowledge/rust.yaml:4: runtime \"node\" has no references; cite the image's or "
                "runtime's docs"}));
}

}  // namespace
}  // namespace kexit::knowledge
