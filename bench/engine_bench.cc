// Diagnosis throughput with the built-in knowledge base: scanning a log tail with every rule's
// patterns in one RE2::Set pass, and the cost of a container with no log.
//   cmake -S . -B build-bench -DKEXIT_BUILD_BENCH=ON -DKEXIT_BUILD_TESTS=OFF
//   cmake --build build-bench --target engine_bench && build-bench/bench/engine_bench

#include <benchmark/benchmark.h>

#include <random>

#include "diagnose/diagnosis_engine.h"
#include "knowledge/builtin_knowledge.h"
#include "kube/pod_parser.h"

namespace {

using namespace kexit;

std::shared_ptr<const knowledge::CompiledKnowledge> knowledge_base() {
  static auto knowledge = [] {
    std::vector<Error> errors;
    auto loaded = knowledge::load_compiled_knowledge({}, errors);
    if (!loaded) {
      std::abort();
    }
    return *loaded;
  }();
  return knowledge;
}

kube::PodFacts spark_pod() {
  auto pods = kube::parse_pods(R"(kind: Pod
metadata: {name: spark-pi-driver, labels: {spark-role: driver}}
spec: {containers: [{name: spark-kubernetes-driver, image: newfrontdocker/spark:v3.0.1-j14}]}
status: {containerStatuses: [{name: spark-kubernetes-driver,
  state: {terminated: {exitCode: 101, reason: Error}}}]}
)",
                               "bench");
  return pods->front();
}

// Realistic noise: JVM-style INFO lines with numbers, paths and the odd "101" that must not
// matter, then the failure at the end.
std::string make_log(std::size_t bytes) {
  std::mt19937 random(42);
  std::string log;
  std::size_t line = 0;
  while (log.size() < bytes) {
    log += "26/11/24 12:00:" + std::to_string(line % 60) +
           " INFO BlockManagerInfo: Added broadcast_" + std::to_string(random() % 1000) +
           "_piece0 in memory on 10.0.0." + std::to_string(random() % 255) +
           ":40123 (size: 101.0 B, free: 366.3 MiB)\n";
    ++line;
  }
  log += "Error: Failed to load class org.apache.spark.examples.SparkPi.\n";
  return log;
}

void BM_DiagnoseWithLog(benchmark::State& state) {
  diagnose::DiagnosisEngine engine(knowledge_base());
  kube::PodFacts pod = spark_pod();
  kube::ContainerLog log{make_log(static_cast<std::size_t>(state.range(0))),
                         kube::LogOrigin::kCurrentLog, false, ""};
  for (auto _ : state) {
    auto result = engine.diagnose(pod, pod.to_diagnose[0], log);
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_DiagnoseWithLog)->Arg(64 << 10)->Arg(512 << 10)->Arg(2 << 20);

void BM_DiagnoseWithoutLog(benchmark::State& state) {
  diagnose::DiagnosisEngine engine(knowledge_base());
  kube::PodFacts pod = spark_pod();
  for (auto _ : state) {
    auto result = engine.diagnose(pod, pod.to_diagnose[0], {});
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_DiagnoseWithoutLog);

// Redaction runs on the lines kexit shows (evidence, the log tail, messages: a few dozen per
// container), with every shape of knowledge/secrets.yaml. Arg 0: a line without a secret,
// Arg 1: a line with one.
void BM_RedactLine(benchmark::State& state) {
  const auto& redactor = knowledge_base()->redactor();
  std::string line = state.range(0) == 0
                         ? "26/11/24 12:00:01 INFO BlockManagerInfo: Added broadcast_7_piece0 in "
                           "memory on 10.0.0.7:40123 (size: 101.0 B, free: 366.3 MiB)"
                         : "26/11/24 12:00:01 ERROR connect postgres://app:Db-9f8e7d6c5b4a@db:5432/"
                           "app failed, token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
  for (auto _ : state) {
    auto redacted = redactor.redact(line);
    benchmark::DoNotOptimize(redacted);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * line.size()));
}
BENCHMARK(BM_RedactLine)->Arg(0)->Arg(1);

// `inspect --save` is the one path that redacts a whole log (up to --max-log-bytes).
void BM_RedactWholeLog(benchmark::State& state) {
  const auto& redactor = knowledge_base()->redactor();
  std::string log = make_log(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto redacted = redactor.redact(log);
    benchmark::DoNotOptimize(redacted);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_RedactWholeLog)->Arg(2 << 20);

void BM_LoadAndCompileKnowledge(benchmark::State& state) {
  for (auto _ : state) {
    std::vector<Error> errors;
    auto loaded = knowledge::load_compiled_knowledge({}, errors);
    benchmark::DoNotOptimize(loaded);
  }
}
BENCHMARK(BM_LoadAndCompileKnowledge);

}  // namespace
