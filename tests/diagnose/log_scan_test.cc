#include "diagnose/log_scan.h"

#include <gtest/gtest.h>

#include "knowledge/builtin_knowledge.h"
#include "knowledge/knowledge_loader.h"

namespace kexit::diagnose {
namespace {

// What LogScan found before blocks were skipped: every line through the set, one by one.
std::vector<PatternHits> line_by_line(const knowledge::CompiledKnowledge& knowledge,
                                      const LogScan& scan) {
  std::vector<PatternHits> hits(knowledge.log_patterns().size());
  std::vector<int> matched;
  for (std::size_t number = 1; number <= scan.line_count(); ++number) {
    matched.clear();
    knowledge.log_pattern_set().Match(scan.line(number), &matched);
    for (int index : matched) {
      ++hits[index].count;
      hits[index].last_lines.push_back(number);
      if (hits[index].last_lines.size() > LogScan::kMaxLinesPerPattern) {
        hits[index].last_lines.erase(hits[index].last_lines.begin());
      }
    }
  }
  return hits;
}

// Every golden case's log, between many lines that match nothing, once with LF and once with
// CRLF line ends: the block pass must find exactly what the line-by-line pass finds.
std::string corpus_log() {
  std::string cases;
  for (const auto& golden :
       knowledge::load_knowledge_files(knowledge::embedded_files()).set.cases) {
    for (const auto& [container, text] : golden.logs) {
      cases += text;
      if (!text.empty() && text.back() != '\n') {
        cases += '\n';
      }
    }
  }
  std::string filler;
  for (int i = 0; i < 3000; ++i) {
    filler += "2024-11-26T12:00:00Z INFO request served path=/healthz status=200 bytes=" +
              std::to_string(i) + "\n";
  }
  std::string crlf;
  for (char c : cases) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  }
  return filler + cases + filler + filler + crlf + filler + cases;
}

TEST(LogScan, FindsWhatALineByLineScanFindsWithTheBuiltInPatterns) {
  std::vector<Error> errors;
  auto knowledge = knowledge::load_compiled_knowledge({}, errors);
  ASSERT_TRUE(knowledge.ok()) << knowledge.error().to_string();
  const std::string log = corpus_log();
  LogScan scan(**knowledge, log);
  auto expected = line_by_line(**knowledge, scan);
  std::size_t total = 0;
  for (std::size_t index = 0; index < expected.size(); ++index) {
    const PatternHits& hits = scan.hits(static_cast<int>(index));
    EXPECT_EQ(hits.count, expected[index].count) << (*knowledge)->log_patterns()[index];
    EXPECT_EQ(hits.last_lines, expected[index].last_lines) << (*knowledge)->log_patterns()[index];
    total += hits.count;
  }
  // The log holds matches of many patterns, or the comparison says little.
  EXPECT_GT(total, 100u);
}

TEST(LogScan, KeepsLineNumbersAndPemBlocks) {
  std::vector<Error> errors;
  auto knowledge = knowledge::load_compiled_knowledge({}, errors);
  ASSERT_TRUE(knowledge.ok());
  const std::string log =
      "a\r\n-----BEGIN PRIVATE KEY-----\nxyz\n-----END PRIVATE KEY-----\nb -----\nlast";
  LogScan scan(**knowledge, log);
  ASSERT_EQ(scan.line_count(), 6u);
  EXPECT_EQ(scan.line(1), "a");
  EXPECT_EQ(scan.line(6), "last");
  EXPECT_FALSE(scan.in_pem_block(1));
  EXPECT_TRUE(scan.in_pem_block(2));
  EXPECT_TRUE(scan.in_pem_block(4));
  EXPECT_FALSE(scan.in_pem_block(5));
}

}  // namespace
}  // namespace kexit::diagnose
