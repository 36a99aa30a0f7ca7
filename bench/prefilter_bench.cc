// The log scan's block prefilter, RE2 against Vectorscan, on the same blocks: kexit's
// RE2::Set of every log pattern in multi-line mode (CompiledKnowledge::log_block_may_match)
// next to a Vectorscan database of the same patterns in prefilter mode, each asked only
// "may a line of this 64 KiB block match", as LogScan asks, and RE2::FilteredRE2's required
// literals found by Vectorscan's literal mode. Measured before wiring Vectorscan into kexit
// (bench/README.md, "Log scan: the gap that remains"): the prefilter mode did not pay.
//   cmake -S . -B build-bench -DKEXIT_BUILD_BENCH=ON -DKEXIT_BUILD_TESTS=OFF
//   cmake --build build-bench --target prefilter_bench && build-bench/bench/prefilter_bench
// Built only when Debian's libvectorscan-dev is installed (scripts/setup.sh installs it).

#include <benchmark/benchmark.h>
#include <hs/hs.h>
#include <re2/filtered_re2.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/builtin_knowledge.h"

namespace {

using namespace kexit;

const knowledge::CompiledKnowledge& knowledge_base() {
  static auto knowledge = [] {
    std::vector<Error> errors;
    auto loaded = knowledge::load_compiled_knowledge({}, errors);
    if (!loaded) {
      std::abort();
    }
    return *loaded;
  }();
  return *knowledge;
}

// The lines of bench/scan_vs_grep.sh's log, so the figures compare with that script's.
std::string log_line(std::mt19937& random, std::size_t number) {
  const std::string m = std::to_string(100 + number / 60 % 60).substr(1);
  const std::string s = std::to_string(100 + number % 60).substr(1);
  const std::string a = std::to_string(random() % 1000);
  const std::string b = std::to_string(random() % 255);
  const std::string c = std::to_string(random() % 100000);
  switch (random() % 5) {
    case 0:
      return "26/11/24 12:" + m + ":" + s + " INFO BlockManagerInfo: Added broadcast_" + a +
             "_piece0 in memory on 10.0.0." + b + ":40123 (size: " + c + ".0 B, free: 366.3 MiB)\n";
    case 1:
      return "2024-11-26T12:" + m + ":" + s + "." + a + "Z [worker-" + b +
             "] DEBUG c.e.orders.OrderService - order " + c + " accepted for customer " + a + b +
             " in " + b + " ms\n";
    case 2:
      return "10.1." + b + "." + a + " - - [26/Nov/2024:12:" + m + ":" + s +
             " +0000] \"GET /api/v1/items/" + c + "?page=" + b + " HTTP/1.1\" 200 " + c +
             " \"-\" \"kube-probe/1.29\"\n";
    case 3:
      return "[" + m + ":" + s + "] gc: pause young (normal) (g1 evacuation pause) " + a + "M->" +
             b + "M(" + c + "M) " + b + "." + a + "ms\n";
    default:
      return "{\"ts\":\"2024-11-26T12:" + m + ":" + s +
             "Z\",\"level\":\"info\",\"msg\":\"request served\",\"path\":\"/healthz\","
             "\"status\":200,\"bytes\":" +
             c + ",\"latency_ms\":" + b + "}\n";
  }
}

// Text the patterns' literals rarely meet: where Vectorscan runs at its own speed.
std::string lowercase_line(std::mt19937& random) {
  std::string line(100, ' ');
  for (char& c : line) {
    c = "abcdefghijklmnopqrstuvwxyz "[random() % 27];
  }
  return line + "\n";
}

enum class Text { kBenchLog, kLowercase };

std::string make_text(Text kind) {
  std::mt19937 random(42);
  std::string text;
  for (std::size_t number = 0; text.size() < (16u << 20); ++number) {
    text += kind == Text::kBenchLog ? log_line(random, number) : lowercase_line(random);
  }
  return text;
}

// Whole lines of about 64 KiB, as LogScan cuts them.
std::vector<std::string_view> blocks_of(const std::string& text) {
  std::vector<std::string_view> blocks;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', std::min(text.size(), start + (64u << 10)));
    end = end == std::string::npos ? text.size() : end + 1;
    blocks.emplace_back(text.data() + start, end - start);
    start = end;
  }
  return blocks;
}

struct Vectorscan {
  hs_database_t* database = nullptr;
  hs_scratch_t* scratch = nullptr;
  ~Vectorscan() {
    hs_free_scratch(scratch);
    hs_free_database(database);
  }
};

// Every log pattern with the flags that keep it a superset of RE2's line match on UTF-8 text.
std::unique_ptr<Vectorscan> compile_vectorscan(const std::vector<std::string>& patterns) {
  std::vector<const char*> expressions;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (const auto& pattern : patterns) {
    expressions.push_back(pattern.c_str());
    flags.push_back(HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_UTF8 | HS_FLAG_MULTILINE |
                    HS_FLAG_ALLOWEMPTY);
    ids.push_back(static_cast<unsigned>(ids.size()));
  }
  auto compiled = std::make_unique<Vectorscan>();
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr,
                       &compiled->database, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return nullptr;
  }
  if (hs_alloc_scratch(compiled->database, &compiled->scratch) != HS_SUCCESS) {
    return nullptr;
  }
  return compiled;
}

void count_bytes(benchmark::State& state, const std::vector<std::string_view>& blocks) {
  std::int64_t bytes = 0;
  for (auto block : blocks) {
    bytes += static_cast<std::int64_t>(block.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * bytes);
}

void BM_BlockPrefilterRe2(benchmark::State& state) {
  const std::string text = make_text(static_cast<Text>(state.range(0)));
  const auto blocks = blocks_of(text);
  const auto& knowledge = knowledge_base();
  int candidates = 0;
  for (auto _ : state) {
    candidates = 0;
    for (auto block : blocks) {
      candidates += knowledge.log_block_may_match(block) ? 1 : 0;
    }
  }
  state.counters["candidate_blocks"] = candidates;
  count_bytes(state, blocks);
}
BENCHMARK(BM_BlockPrefilterRe2)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_BlockPrefilterVectorscan(benchmark::State& state) {
  const std::string text = make_text(static_cast<Text>(state.range(0)));
  const auto blocks = blocks_of(text);
  auto vectorscan = compile_vectorscan(knowledge_base().log_patterns());
  if (vectorscan == nullptr) {
    state.SkipWithError("Vectorscan rejected a pattern");
    return;
  }
  // Any match ends the block's scan: the block is then a candidate.
  auto stop = [](unsigned, unsigned long long, unsigned long long, unsigned, void*) { return 1; };
  int candidates = 0;
  for (auto _ : state) {
    candidates = 0;
    for (auto block : blocks) {
      candidates += hs_scan(vectorscan->database, block.data(), static_cast<unsigned>(block.size()),
                            0, vectorscan->scratch, stop, nullptr) == HS_SCAN_TERMINATED
                        ? 1
                        : 0;
    }
  }
  state.counters["candidate_blocks"] = candidates;
  count_bytes(state, blocks);
}
BENCHMARK(BM_BlockPrefilterVectorscan)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The next candidate: RE2::FilteredRE2's required literals ("atoms", at least 3 bytes) found by
// Vectorscan's literal mode, a block passing when every atom one pattern needs is in it.
void BM_BlockPrefilterFilteredAtoms(benchmark::State& state) {
  const std::string text = make_text(static_cast<Text>(state.range(0)));
  const auto blocks = blocks_of(text);
  re2::FilteredRE2 filter(3);
  for (const auto& pattern : knowledge_base().log_patterns()) {
    int id = 0;
    filter.Add(pattern, knowledge::knowledge_pattern_options(), &id);
  }
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  std::vector<const char*> literals;
  std::vector<std::size_t> lengths;
  std::vector<unsigned> flags(atoms.size(), HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
  std::vector<unsigned> ids;
  for (const auto& atom : atoms) {
    literals.push_back(atom.data());
    lengths.push_back(atom.size());
    ids.push_back(static_cast<unsigned>(ids.size()));
  }
  Vectorscan vectorscan;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(literals.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(literals.size()), HS_MODE_BLOCK, nullptr,
                           &vectorscan.database, &error) != HS_SUCCESS ||
      hs_alloc_scratch(vectorscan.database, &vectorscan.scratch) != HS_SUCCESS) {
    hs_free_compile_error(error);
    state.SkipWithError("Vectorscan rejected an atom");
    return;
  }
  auto collect = [](unsigned id, unsigned long long, unsigned long long, unsigned, void* found) {
    static_cast<std::vector<int>*>(found)->push_back(static_cast<int>(id));
    return 0;
  };
  std::vector<int> found;
  std::vector<int> potentials;
  int candidates = 0;
  for (auto _ : state) {
    candidates = 0;
    for (auto block : blocks) {
      found.clear();
      hs_scan(vectorscan.database, block.data(), static_cast<unsigned>(block.size()), 0,
              vectorscan.scratch, collect, &found);
      std::sort(found.begin(), found.end());
      potentials.clear();
      filter.AllPotentials(found, &potentials);
      candidates += potentials.empty() ? 0 : 1;
    }
  }
  state.counters["candidate_blocks"] = candidates;
  state.counters["atoms"] = static_cast<double>(atoms.size());
  count_bytes(state, blocks);
}
BENCHMARK(BM_BlockPrefilterFilteredAtoms)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// What each run of kexit would pay before its first block, unless the database were
// serialised into the knowledge image.
void BM_VectorscanCompile(benchmark::State& state) {
  const auto& patterns = knowledge_base().log_patterns();
  for (auto _ : state) {
    auto vectorscan = compile_vectorscan(patterns);
    benchmark::DoNotOptimize(vectorscan);
  }
  state.counters["patterns"] = static_cast<double>(patterns.size());
}
BENCHMARK(BM_VectorscanCompile)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
